package dev.warden.core.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * A jail's lines from a program's standard output: any command ({@code source: {type: command}}) or
 * {@code journalctl} ({@code source: {type: journal}}, through {@link JournalOutput}). The program runs on a
 * thread of this source's own, started as an argument list (never a shell) with an empty standard input;
 * its standard error is logged under the jail's name, bounded ({@link ErrorOutput}).
 *
 * <p>Two modes. <b>Following</b> ({@code run}): the program is started at once and started again, after
 * {@link RestartBackoff a growing pause}, whenever it exits or cannot be started; each {@link #read} hands out
 * the lines that arrived since the last one, without waiting. <b>Once</b> ({@code scan}): the first
 * {@link #read} runs the program to its end and hands out every line; a program that could not be started or
 * exited with a status other than 0 is an {@link IOException} after the lines it wrote.
 *
 * <p>Output reaches the jail's thread in chunks through a queue of {@value #QUEUE} (at most about 64 KiB
 * each): when the jail falls behind, the reading thread waits, and so, once its pipe is full, does the
 * program. Lines are split, bounded ({@link LineReader}), parsed ({@link SyslogHeaderParser}) and withheld as
 * continuation lines ({@link LineTrust}) exactly as a followed file's. For the journal, {@link #positions()}
 * holds the cursor of the last entry handed out ({@link JournalCursor}); a command has no position.
 * {@link #read} and the counters are for the jail's thread; {@link #close()} stops the program (and what it
 * started) from any thread.
 */
public final class ProgramSource implements LogSource {

    private static final Logger LOG = LoggerFactory.getLogger(ProgramSource.class);

    /** Chunks waiting for the jail's thread at most. */
    static final int QUEUE = 16;

    /** How a program is run, and how its output becomes lines. */
    interface Program {
        /** The argument list for a start; {@code lastCursor} is the last journal cursor handed on, or null. */
        List<String> argv(String lastCursor);

        /**
         * Reads the program's standard output to its end into {@code sink}.
         *
         * @return the last journal cursor handed on, or null
         */
        String pump(InputStream stdout, JournalOutput.Sink sink) throws IOException, InterruptedException;
    }

    private final String jail;
    private final Program program;
    private final boolean follow;
    private final Set<Path> shown;
    private final BlockingQueue<OutputChunk> queue = new ArrayBlockingQueue<>(QUEUE);
    private final LineReader reader = new LineReader(LineReader.DEFAULT_MAX_LINE * 2, LineReader.DEFAULT_MAX_LINE);
    private final MutableLogLine line = new MutableLogLine();
    private final LineTrust trust = new LineTrust();
    private final ChunkStream chunks = new ChunkStream();
    private SyslogHeaderParser parser;
    private Thread thread;
    private volatile boolean closed;
    private volatile Process process;
    private String cursor;
    private boolean ranOnce;
    private long lines;
    private long untimed;
    private long continuation;

    /**
     * @param jail the jail's name, for the log and the thread's name
     * @param program what runs
     * @param follow keep it running (run), or run it once to its end (scan)
     * @param cursor the journal cursor to go on after (from the state), or null
     * @param shown what {@link #files()} shows for this source (the program, a journal file)
     * @param zone the zone of dates that carry none
     * @param now the clock's instant: the reference for years
     */
    ProgramSource(String jail, Program program, boolean follow, String cursor, Set<Path> shown, ZoneId zone,
                  Instant now) {
        this.jail = jail;
        this.program = program;
        this.follow = follow;
        this.cursor = cursor;
        this.shown = Set.copyOf(shown);
        this.parser = new SyslogHeaderParser(now, zone);
        line.sourceName(shown.isEmpty() ? jail : shown.iterator().next().toString());
        if (follow) {
            start();
        }
    }

    /** A command's standard output, split into lines as a log file is. */
    public static ProgramSource command(String jail, List<String> argv, boolean follow, ZoneId zone, Instant now) {
        List<String> copy = List.copyOf(argv);
        Program p = new Program() {
            @Override
            public List<String> argv(String lastCursor) {
                return copy;
            }

            @Override
            public String pump(InputStream stdout, JournalOutput.Sink sink) throws IOException, InterruptedException {
                byte[] b = new byte[JournalOutput.CHUNK];
                int n;
                while ((n = stdout.read(b)) >= 0) {
                    if (n > 0) {
                        sink.accept(new OutputChunk(java.util.Arrays.copyOf(b, n), n, null));
                    }
                }
                return null;
            }
        };
        return new ProgramSource(jail, p, follow, null, Set.of(Path.of(copy.get(0))), zone, now);
    }

    /**
     * The journal through {@code journalctl --output=json}: {@code base} is its command line up to the matches,
     * to which each start adds where to begin ({@code --after-cursor=}, else from the start, or with
     * {@code fromEnd} only new entries) and, when following, {@code --follow}.
     *
     * @param positions the jail's saved positions; the journal cursor among them is gone on after
     */
    public static ProgramSource journal(String jail, List<String> base, Path shown, List<FilePosition> positions,
                                        boolean follow, boolean fromEnd, ZoneId zone, Instant now) {
        List<String> copy = List.copyOf(base);
        Function<String, List<String>> argv = last -> journalArgv(copy, last, follow, fromEnd);
        String saved = JournalCursor.of(positions);
        Program p = new Program() {
            private String last = saved;

            @Override
            public List<String> argv(String lastCursor) {
                return argv.apply(last);
            }

            @Override
            public String pump(InputStream stdout, JournalOutput.Sink sink) throws IOException, InterruptedException {
                JournalOutput out = new JournalOutput(sink);
                try {
                    out.pump(stdout);
                } finally {
                    if (out.lastCursor() != null) {
                        last = out.lastCursor();
                    }
                }
                return last;
            }
        };
        return new ProgramSource(jail, p, follow, saved, Set.of(shown), zone, now);
    }

    /** journalctl's command line: {@code base}, then where to begin, then whether to follow. */
    static List<String> journalArgv(List<String> base, String cursor, boolean follow, boolean fromEnd) {
        List<String> a = new ArrayList<>(base);
        if (cursor != null) {
            a.add("--after-cursor=" + cursor);
        } else if (fromEnd && follow) {
            a.add("--lines=0");
        }
        if (follow) {
            a.add("--follow");
            if (cursor != null || !fromEnd) {
                a.add("--no-tail");
            }
        }
        return a;
    }

    private void start() {
        thread = new Thread(this::runLoop, "warden-source-" + jail);
        thread.setDaemon(true);
        thread.start();
    }

    /** The reading thread: runs the program, again after a pause while following. */
    private void runLoop() {
        RestartBackoff backoff = new RestartBackoff();
        String failure = null;
        try {
            do {
                List<String> argv = program.argv(null);
                long started = System.nanoTime();
                failure = runOnce(argv);
                if (!follow || closed) {
                    break;
                }
                queue.put(OutputChunk.end(null)); // a last line without newline ends with its run
                Duration ran = Duration.ofNanos(System.nanoTime() - started);
                Duration pause = backoff.after(ran);
                LOG.warn("[{}] source {} {} after {}s; starting it again in {}s", jail, argv.get(0),
                        failure == null ? "ended" : failure, ran.toSeconds(), pause.toSeconds());
                Thread.sleep(pause.toMillis());
            } while (!closed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!follow) {
                queue.offer(OutputChunk.end(failure));
            }
        }
    }

    /** Runs the program once to its end; returns why it failed ("exited with status 2"), or null. */
    private String runOnce(List<String> argv) throws InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            String why = "could not be started: " + e.getMessage();
            LOG.error("[{}] source {} {}", jail, argv.get(0), why);
            return why;
        }
        process = p;
        if (closed) {
            stop(p);
        }
        Thread err = new Thread(new ErrorOutput(p.getErrorStream(), LOG, jail, argv.get(0)),
                "warden-source-" + jail + "-stderr");
        err.setDaemon(true);
        err.start();
        try (InputStream out = p.getInputStream()) {
            program.pump(out, queue::put);
        } catch (IOException e) {
            if (!closed) {
                LOG.warn("[{}] source {}: reading its output: {}", jail, argv.get(0), e.getMessage());
            }
        } catch (InterruptedException e) {
            stop(p);
            throw e;
        }
        int status = p.waitFor();
        err.join(1000);
        return status == 0 ? null : "exited with status " + status;
    }

    /** Kills the program, then what it started. */
    private static void stop(Process p) {
        List<ProcessHandle> descendants = p.descendants().toList();
        p.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void read(Instant now, LineConsumer consumer) throws IOException {
        if (Duration.between(parser.reference(), now).compareTo(Duration.ofMinutes(1)) >= 0) {
            parser = parser.withReference(now);
        }
        if (!follow) {
            readToEnd(consumer);
            return;
        }
        OutputChunk c;
        while ((c = queue.poll()) != null) {
            if (c.isEnd()) {
                reader.finish((buf, s, e, o) -> line(buf, s, e, consumer));
            } else {
                take(c, consumer);
            }
        }
    }

    private void readToEnd(LineConsumer consumer) throws IOException {
        if (ranOnce) {
            return;
        }
        ranOnce = true;
        start();
        try {
            while (true) {
                OutputChunk c = queue.take();
                if (c.isEnd()) {
                    reader.finish((buf, s, e, o) -> line(buf, s, e, consumer));
                    if (c.cursor() != null) {
                        throw new IOException(program.argv(null).get(0) + " " + c.cursor());
                    }
                    return;
                }
                take(c, consumer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new java.io.InterruptedIOException("interrupted while reading the output of "
                    + program.argv(null).get(0));
        }
    }

    private void take(OutputChunk c, LineConsumer consumer) throws IOException {
        chunks.set(c);
        reader.readAvailable(chunks, (buf, s, e, o) -> line(buf, s, e, consumer));
        if (c.cursor() != null) {
            cursor = c.cursor();
        }
    }

    private void line(byte[] buf, int start, int end, LineConsumer consumer) {
        lines++;
        line.lineNumber(lines);
        parser.parse(buf, start, end, line);
        if (!line.hasTime()) {
            untimed++;
        }
        if (trust.admits(line.hasTime())) {
            consumer.accept(line);
        } else {
            continuation++;
        }
    }

    @Override
    public List<FilePosition> positions() {
        return cursor == null ? List.of() : List.of(JournalCursor.position(cursor));
    }

    @Override
    public Set<Path> files() {
        return shown;
    }

    @Override
    public long lines() {
        return lines + reader.overlongLines();
    }

    @Override
    public long overlongLines() {
        return reader.overlongLines();
    }

    @Override
    public long untimedLines() {
        return untimed;
    }

    @Override
    public long continuationLines() {
        return continuation;
    }

    /** Stops the program and the reading thread; lines not read yet are dropped. */
    @Override
    public void close() {
        closed = true;
        Process p = process;
        if (p != null) {
            stop(p);
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** The current chunk as a stream that says "nothing more now" (0) at its end, for {@link LineReader}. */
    private static final class ChunkStream extends InputStream {
        private OutputChunk chunk;
        private int pos;

        void set(OutputChunk c) {
            chunk = c;
            pos = 0;
        }

        @Override
        public int read() {
            return chunk == null || pos >= chunk.length() ? -1 : chunk.bytes()[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = chunk == null ? 0 : Math.min(len, chunk.length() - pos);
            if (n <= 0) {
                return 0;
            }
            System.arraycopy(chunk.bytes(), pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
