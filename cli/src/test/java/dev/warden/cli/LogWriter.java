package dev.warden.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;

/**
 * Appends lines to a log on its own thread the way syslogd does: one write per line through a descriptor
 * held open in append mode, which goes on writing into the old file after a rotation renamed it, until
 * {@link #reopen} (newsyslog's SIGHUP) makes it open the path again (creating the file if needed). A test
 * can hold it between two lines with {@link #pause} and {@link #resume}.
 */
final class LogWriter implements AutoCloseable {

    private final Path path;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final AtomicInteger written = new AtomicInteger();
    private final AtomicInteger rotations = new AtomicInteger();
    private int rotateEvery;
    private int linesInOld;
    private final Object gate = new Object();
    private int rotationsAllowed = Integer.MAX_VALUE;   // guarded by gate
    private volatile boolean reopen;
    private volatile boolean closed;
    private volatile Throwable failure;
    private Thread thread;

    LogWriter(Path path) {
        this.path = path;
    }

    /**
     * Starts writing {@code lineAt(0)} to {@code lineAt(count - 1)}, sleeping {@code pauseMillis} after
     * every {@code batch} lines so that the writing is spread over the daemon's polls.
     */
    LogWriter start(int count, IntFunction<String> lineAt, int batch, long pauseMillis) {
        return start(count, lineAt, i -> {
            if ((i + 1) % batch == 0) {
                Thread.sleep(pauseMillis);
            }
        });
    }

    /**
     * Starts writing {@code lineAt(0)} to {@code lineAt(count - 1)} at a sustained {@code linesPerSecond}
     * (line i is not written before {@code i / linesPerSecond} seconds from the start; a writer that fell
     * behind catches up without sleeping). {@code lineAt} is called on the writer's thread, in order, just
     * before its line is written, so a line can be stamped with the time it is written at.
     */
    LogWriter startAtRate(int count, IntFunction<String> lineAt, int linesPerSecond) {
        long step = Math.max(1, linesPerSecond / 200);   // sleep at most every 5 ms of lines
        long[] t0 = new long[1];
        return start(count, lineAt, i -> {
            if (i == 0) {
                t0[0] = System.nanoTime();
            }
            if ((i + 1) % step == 0) {
                long due = t0[0] + (i + 1) * 1_000_000_000L / linesPerSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        });
    }

    /**
     * Makes the writer itself rotate the log by rename (see {@link #rotateByRename}) just before line
     * {@code every}, {@code 2 * every}, ... (call before starting): the rotated files then hold exactly the
     * lines {@code [k * every, (k + 1) * every)}, shifted by {@code linesInOld}, the lines the writer goes
     * on writing in the old file before it reopens the path.
     */
    LogWriter rotatingEvery(int every, int linesInOld) {
        if (linesInOld >= every) {
            throw new IllegalArgumentException("the old file must be let go before the next rotation");
        }
        this.rotateEvery = every;
        this.linesInOld = linesInOld;
        return this;
    }

    /**
     * Lets the writer rotate the log itself ({@link #rotatingEvery}) at most {@code n} more times until
     * {@link #releaseRotations}: at the next rotation point it waits (newsyslog held back, syslogd with it).
     */
    void holdRotationsAfter(int n) {
        synchronized (gate) {
            rotationsAllowed = n;
        }
    }

    /** Ends {@link #holdRotationsAfter}. */
    void releaseRotations() {
        synchronized (gate) {
            rotationsAllowed = Integer.MAX_VALUE;
            gate.notifyAll();
        }
    }

    /** How many times the writer rotated the log itself ({@link #rotatingEvery}). */
    int rotations() {
        return rotations.get();
    }

    /** What the writer does after line {@code i}: sleep, mostly. */
    @FunctionalInterface
    private interface Pace {
        void after(int i) throws InterruptedException;
    }

    private LogWriter start(int count, IntFunction<String> lineAt, Pace pace) {
        thread = new Thread(() -> {
            try (Out out = new Out()) {
                long reopenAt = -1;
                for (int i = 0; i < count && !closed; i++) {
                    if (rotateEvery > 0 && i > 0 && i % rotateEvery == 0) {
                        synchronized (gate) {
                            while (rotationsAllowed == 0 && !closed) {
                                gate.wait(100);
                            }
                            if (rotationsAllowed != Integer.MAX_VALUE) {
                                rotationsAllowed--;
                            }
                        }
                        renameAway();
                        rotations.incrementAndGet();
                        reopenAt = i + linesInOld;
                    }
                    if (i == reopenAt) {
                        reopen();
                    }
                    out.write(lineAt.apply(i).getBytes(StandardCharsets.UTF_8));
                    pace.after(i);
                }
            } catch (IOException | RuntimeException | InterruptedException e) {
                failure = e;
            }
        }, "log-writer");
        thread.start();
        return this;
    }

    /** Lines written completely so far. */
    int written() {
        return written.get();
    }

    /** Waits until at least {@code n} lines are written; fails the test if the writer stops first. */
    void awaitWritten(int n, Duration timeout) throws InterruptedException {
        if (!DaemonProcess.await(timeout, () -> written() >= n || !thread.isAlive())) {
            throw new AssertionError("the writer wrote " + written() + " of " + n + " lines in " + timeout);
        }
        check();
        if (written() < n) {
            throw new AssertionError("the writer finished with " + written() + " lines, before " + n);
        }
    }

    /**
     * Rotates the log like newsyslog: {@code log.N} to {@code log.N+1}, the log to {@code log.0}, a new empty
     * log; this writer goes on in the renamed file for {@code linesInOld} more lines (or until it is done),
     * then reopens the path, as syslogd does on newsyslog's SIGHUP.
     */
    void rotateByRename(int linesInOld) throws IOException, InterruptedException {
        renameAway();
        int target = written() + linesInOld;
        DaemonProcess.await(FollowFixture.PATIENCE, () -> written() >= target || !thread.isAlive());
        check();
        reopen();
    }

    /** newsyslog's part of a rotation by rename: {@code log.N} to {@code log.N+1}, the log to {@code log.0}, a new one. */
    private void renameAway() throws IOException {
        shiftRotated(path);
        Files.move(path, rotated(path, 0));
        Files.createFile(path);
    }

    /** Renames {@code log.N} to {@code log.N+1}, from the highest N down, so that {@code log.0} is free. */
    static void shiftRotated(Path log) throws IOException {
        int n = 0;
        while (Files.exists(rotated(log, n))) {
            n++;
        }
        for (int k = n - 1; k >= 0; k--) {
            Files.move(rotated(log, k), rotated(log, k + 1));
        }
    }

    /** {@code log.n}. */
    static Path rotated(Path log, int n) {
        return log.resolveSibling(log.getFileName() + "." + n);
    }

    /** The next line goes to a file newly opened at the path. */
    void reopen() {
        reopen = true;
    }

    /** Holds the writer between two lines until {@link #resume}. */
    void pause() {
        lock.lock();
    }

    void resume() {
        lock.unlock();
    }

    /** Waits until every line is written; fails the test if writing failed. */
    void join(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("the writer did not finish in " + timeout + " (" + written() + " lines)");
        }
        check();
    }

    private void check() {
        if (failure != null) {
            throw new AssertionError("the writer failed", failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        if (thread != null) {
            thread.join(10_000);
        }
    }

    /** The descriptor, reopened on request. */
    private final class Out implements AutoCloseable {
        private FileOutputStream out;

        Out() throws IOException {
            out = new FileOutputStream(path.toFile(), true);
        }

        void write(byte[] line) throws IOException {
            lock.lock();
            try {
                if (reopen) {
                    reopen = false;
                    out.close();
                    out = new FileOutputStream(path.toFile(), true);
                }
                out.write(line);
                written.incrementAndGet();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
