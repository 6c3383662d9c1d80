package dev.warden.core.log;

import dev.warden.core.retry.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Runs a {@link SourceProgram} on a thread of its own ({@code warden-source-JAIL}) and queues its output for the
 * jail's thread: started as an argument list (never a shell) with {@code /dev/null} as standard input, its
 * standard error logged under the jail's name ({@link ErrorOutput}). Following, the program is started again
 * after each run, after a pause ({@link #RESTART_FIRST} doubling up to {@link #RESTART_MAX}; a run that
 * lasted at least {@link #RESTART_MAX} starts the count again), and each run's end is queued as an end chunk; run
 * once, the single end chunk says why the run failed, if it did.
 *
 * <p>The queue holds {@value #QUEUE} chunks: when the jail is behind, the thread waits, and once its pipe is
 * full so does the program. {@link #close()} may be called from any thread: it kills the program and what it
 * started, and stops the thread.
 */
final class ProgramRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ProgramSource.class);

    /** Chunks waiting for the jail's thread at most. */
    static final int QUEUE = 16;

    /**
     * The pause before the program is started again after a run that ended early: doubled for each such run,
     * up to {@link #RESTART_MAX}. So a program that cannot work is tried once a minute, not in a tight loop, and
     * one that exits now and then (a rotation) is back within a second.
     */
    static final Duration RESTART_FIRST = Duration.ofSeconds(1);

    /** The longest pause before a restart, and how long a run lasts that starts the count again. */
    static final Duration RESTART_MAX = Duration.ofSeconds(60);

    private final String jail;
    private final SourceProgram program;
    private final boolean follow;
    private final BlockingQueue<OutputChunk> queue = new ArrayBlockingQueue<>(QUEUE);
    private Thread thread;
    private volatile boolean closed;
    private volatile Process process;

    ProgramRunner(String jail, SourceProgram program, boolean follow) {
        this.jail = jail;
        this.program = program;
        this.follow = follow;
    }

    /** Starts the thread; once. */
    void start() {
        thread = new Thread(this::runLoop, "warden-source-" + jail);
        thread.setDaemon(true);
        thread.start();
    }

    /** The next chunk, or null when none is waiting. */
    OutputChunk poll() {
        return queue.poll();
    }

    /** The next chunk, waiting for it. */
    OutputChunk take() throws InterruptedException {
        return queue.take();
    }

    private void runLoop() {
        Backoff backoff = new Backoff(RESTART_FIRST, RESTART_MAX);
        String failure = null;
        try {
            do {
                List<String> argv = program.argv();
                long started = System.nanoTime();
                failure = runOnce(argv);
                if (!follow || closed) {
                    break;
                }
                queue.put(OutputChunk.end(null)); // a last line without newline ends with its run
                Duration ran = Duration.ofNanos(System.nanoTime() - started);
                if (ran.compareTo(RESTART_MAX) >= 0) {
                    backoff.reset();
                }
                Duration pause = backoff.next();
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
            p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
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

    /** Stops the program and the thread; chunks not taken yet are dropped. */
    void close() {
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
}
