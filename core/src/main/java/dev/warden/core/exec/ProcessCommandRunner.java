package dev.warden.core.exec;

import dev.warden.core.spi.CommandResult;
import dev.warden.core.spi.CommandRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@link CommandRunner} core hands plugins: starts the program with {@link ProcessBuilder} (never a
 * shell, so arguments arrive literally), writes standard input and closes it, drains standard output
 * and standard error concurrently (each capped at {@link #maxCapturedBytes()}; the rest is read and
 * discarded so the child never blocks), and waits at most the timeout.
 *
 * <p><b>Timeout:</b> the program and every descendant it started are killed with
 * {@link ProcessHandle#destroyForcibly()}; the result has {@code timedOut=true}, exit code -1 and
 * whatever output was captured. <b>Threading:</b> safe for concurrent use; each call uses three
 * short-lived daemon threads of its own and no shared mutable state. The environment and working
 * directory are inherited from warden.
 */
public final class ProcessCommandRunner implements CommandRunner {

    /** The default cap on captured standard output and on captured standard error: 64 KiB each. */
    public static final int DEFAULT_MAX_CAPTURED_BYTES = 64 * 1024;

    /** How long to wait for the output pipes to reach end of file once the program is gone. */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(ProcessCommandRunner.class);

    private final int maxCapturedBytes;

    /** A runner that keeps up to {@link #DEFAULT_MAX_CAPTURED_BYTES} of each output stream. */
    public ProcessCommandRunner() {
        this(DEFAULT_MAX_CAPTURED_BYTES);
    }

    /** A runner that keeps up to {@code maxCapturedBytes} (at least 0) of each output stream. */
    public ProcessCommandRunner(int maxCapturedBytes) {
        if (maxCapturedBytes < 0) {
            throw new IllegalArgumentException("maxCapturedBytes < 0: " + maxCapturedBytes);
        }
        this.maxCapturedBytes = maxCapturedBytes;
    }

    /** The cap on captured bytes of each output stream. */
    public int maxCapturedBytes() {
        return maxCapturedBytes;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IOException naming the program when it cannot be started; an {@link InterruptedIOException}
     *     (after killing the program, with the thread's interrupt flag set again) when the calling
     *     thread is interrupted while waiting
     * @throws IllegalArgumentException when {@code argv} is empty or {@code timeout} is negative
     */
    @Override
    public CommandResult run(List<String> argv, byte[] stdin, Duration timeout) throws IOException {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv is empty");
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout: " + timeout);
        }
        Process process = start(argv);
        String name = "warden-exec-" + process.pid();
        StreamCapture out = new StreamCapture(process.getInputStream(), maxCapturedBytes);
        StreamCapture err = new StreamCapture(process.getErrorStream(), maxCapturedBytes);
        Thread outThread = daemon(out, name + "-stdout");
        Thread errThread = daemon(err, name + "-stderr");
        daemon(() -> feed(process.getOutputStream(), stdin), name + "-stdin");

        boolean finished = waitFor(process, timeout, argv.get(0));
        if (!finished) {
            kill(process);
            LOG.debug("{} timed out after {}, killed", argv.get(0), timeout);
        }
        awaitDrain(process, outThread, errThread);
        if (out.truncated() || err.truncated()) {
            LOG.debug("{}: output beyond {} bytes per stream discarded", argv.get(0), maxCapturedBytes);
        }
        int exitCode = finished ? process.exitValue() : -1;
        return new CommandResult(exitCode, out.text(), err.text(), !finished);
    }

    private static Process start(List<String> argv) throws IOException {
        try {
            return new ProcessBuilder(argv).start();
        } catch (IOException e) {
            throw new IOException("cannot start " + argv.get(0) + ": " + e.getMessage(), e);
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Writes all of {@code stdin} and closes the pipe; a child that exits without reading is fine. */
    private static void feed(OutputStream pipe, byte[] stdin) {
        try (pipe) {
            pipe.write(stdin);
        } catch (IOException e) {
            LOG.debug("standard input not fully written: {}", e.toString());
        }
    }

    private static boolean waitFor(Process process, Duration timeout, String program)
            throws InterruptedIOException {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + program);
        }
    }

    /**
     * Kills the program, then every descendant it had a moment before. The list is taken first because
     * orphans stop being its descendants; the program dies first so that it cannot react to a killed
     * child by carrying on (a script's next command). A child forked between the two steps is missed.
     */
    private static void kill(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Gives the readers a moment to reach end of file; a background grandchild may hold the pipes open
     * longer, and then we return what was captured rather than wait for it.
     */
    private static void awaitDrain(Process process, Thread... readers) throws InterruptedIOException {
        long deadline = System.nanoTime() + DRAIN_GRACE.toNanos();
        try {
            process.waitFor(DRAIN_GRACE.toNanos(), TimeUnit.NANOSECONDS);
            for (Thread reader : readers) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(reader, left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the output of pid " + process.pid());
        }
    }
}
