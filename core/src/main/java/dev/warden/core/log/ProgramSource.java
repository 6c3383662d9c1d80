package dev.warden.core.log;


import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * A jail's lines from a program's standard output: any command ({@code source: {type: command}}) or
 * {@code journalctl} ({@code source: {type: journal}}, through {@link JournalOutput}). The program runs on a
 * thread of this source's own, started as an argument list (never a shell) with an empty standard input;
 * its standard error is logged under the jail's name, bounded ({@link ErrorOutput}).
 *
 * <p>Two modes. <b>Following</b> ({@code run}): the program is started at once and started again, after
 * {@link ProgramRunner#RESTART_FIRST a growing pause}, whenever it exits or cannot be started; each {@link #read} hands out
 * the lines that arrived since the last one, without waiting. <b>Once</b> ({@code scan}): the first
 * {@link #read} runs the program to its end and hands out every line; a program that could not be started or
 * exited with a status other than 0 is an {@link IOException} after the lines it wrote.
 *
 * <p>Output reaches the jail's thread in chunks through a bounded queue ({@link ProgramRunner}): when the jail
 * falls behind, the reading thread waits, and so, once its pipe is full, does the program. Lines are split,
 * bounded ({@link LineReader}), parsed ({@link SyslogHeaderParser}) and withheld as continuation lines
 * ({@link LineTrust}) exactly as a followed file's. For the journal, {@link #cursor()} is the cursor of the
 * last entry handed out; a command has none. Neither has file {@linkplain #positions() positions}.
 * {@link #read} and the counters are for the jail's thread; {@link #close()} stops the program (and what it
 * started) from any thread.
 */
public final class ProgramSource implements LogSource {

    private final SourceProgram program;
    private final boolean follow;
    private final ProgramRunner runner;
    private final Set<Path> shown;
    private final LineReader reader = new LineReader(LineReader.DEFAULT_MAX_LINE * 2, LineReader.DEFAULT_MAX_LINE);
    private final MutableLogLine line = new MutableLogLine();
    private final LineTrust trust;
    private final ChunkStream chunks = new ChunkStream();
    private SyslogHeaderParser parser;
    private String cursor;
    private boolean ranOnce;
    private long lines;
    private final LineCounts counts = new LineCounts();

    /**
     * @param jail the jail's name, for the log and the thread's name
     * @param program what runs
     * @param follow keep it running (run), or run it once to its end (scan)
     * @param cursor the journal cursor to go on after (from the state), or null
     * @param shown what {@link #files()} shows for this source (the program, a journal file)
     * @param zone the zone of dates that carry none
     * @param pattern the jail's {@code time-format}, or null for the built-in time shapes
     * @param now the clock's instant: the reference for years
     */
    private ProgramSource(String jail, SourceProgram program, boolean follow, String cursor, Set<Path> shown,
                          ZoneId zone, TimePattern pattern, Instant now) {
        this.program = program;
        this.follow = follow;
        this.runner = new ProgramRunner(jail, program, follow);
        this.cursor = cursor;
        this.shown = Set.copyOf(shown);
        this.parser = new SyslogHeaderParser(now, zone, pattern);
        this.trust = new LineTrust(parser.timedFromStart());
        line.sourceName(this.shown.isEmpty() ? jail : this.shown.iterator().next().toString());
        if (follow) {
            runner.start();
        }
    }

    /**
     * A command's standard output, split into lines and read as a log file is, with the jail's {@code time-format}
     * ({@code pattern}, or null for the built-in shapes).
     */
    public static ProgramSource command(String jail, List<String> argv, boolean follow, ZoneId zone,
                                        TimePattern pattern, Instant now) {
        return new ProgramSource(jail, SourceProgram.command(argv), follow, null, Set.of(Path.of(argv.get(0))),
                zone, pattern, now);
    }

    /**
     * The journal through {@code journalctl --output=json} ({@link JournalProgram}): {@code base} is its command
     * line up to the matches.
     *
     * @param cursor the jail's saved cursor, gone on after; null (or one that is not
     *     {@linkplain JournalCursor#isValid valid}) for none
     * @param fromEnd without a cursor, read only new entries (else all)
     */
    public static ProgramSource journal(String jail, List<String> base, Path shown, String cursor,
                                        boolean follow, boolean fromEnd, ZoneId zone, Instant now) {
        String saved = JournalCursor.isValid(cursor) ? cursor : null;
        return new ProgramSource(jail, new JournalProgram(base, saved, follow, fromEnd), follow, saved, Set.of(shown),
                zone, null, now);
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
        while ((c = runner.poll()) != null) {
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
        String name = program.argv().get(0);
        runner.start();
        try {
            while (true) {
                OutputChunk c = runner.take();
                if (c.isEnd()) {
                    reader.finish((buf, s, e, o) -> line(buf, s, e, consumer));
                    if (c.cursor() != null) {
                        throw new IOException(name + " " + c.cursor());
                    }
                    return;
                }
                take(c, consumer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new java.io.InterruptedIOException("interrupted while reading the output of " + name);
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
        if (counts.count(line.hasTime(), trust, buf, start, end) == LineCounts.Fate.ADMITTED) {
            consumer.accept(line);
        }
    }

    @Override
    public List<FilePosition> positions() {
        return List.of();
    }

    @Override
    public String cursor() {
        return cursor;
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
    public LineCounts lineCounts() {
        return counts;
    }

    /** Stops the program and the reading thread; lines not read yet are dropped. */
    @Override
    public void close() {
        runner.close();
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
