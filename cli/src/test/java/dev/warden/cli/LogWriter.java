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
        thread = new Thread(() -> {
            try (Out out = new Out()) {
                for (int i = 0; i < count && !closed; i++) {
                    out.write(lineAt.apply(i).getBytes(StandardCharsets.UTF_8));
                    if ((i + 1) % batch == 0) {
                        Thread.sleep(pauseMillis);
                    }
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
        shiftRotated(path);
        Files.move(path, rotated(path, 0));
        Files.createFile(path);
        int target = written() + linesInOld;
        DaemonProcess.await(FollowFixture.PATIENCE, () -> written() >= target || !thread.isAlive());
        check();
        reopen();
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
