package dev.warden.core.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A writer thread appends numbered lines while the test rotates the log by rename (the writer keeps
 * writing to the old descriptor until told to reopen, as syslogd does on SIGHUP) and by copytruncate
 * (with the writer paused across copy and truncate, since copytruncate itself loses lines written in
 * between); the follower, polled every millisecond, must hand out every number exactly once, in order.
 */
class FileFollowerStressTest {

    private static final int LINES = 200_000;
    private static final int ROTATIONS = 10;

    @TempDir
    Path dir;

    @Test
    @Timeout(20)
    void everyLineExactlyOnceAcrossRenameRotationsAndCopytruncateUnderLoad() throws Exception {
        Path log = dir.resolve("maillog");
        Files.createFile(log);
        Writer writer = new Writer(log);
        Checker checker = new Checker();
        int renames = 0;
        int truncations = 0;
        try (FileFollower f = FileFollower.of(log, FileFollower.Start.BEGINNING,
                FileFollower.Settings.defaults(Clock.systemUTC()))) {
            Thread t = new Thread(writer, "log-writer");
            t.start();
            for (int k = 1; k <= ROTATIONS; k++) {
                while (writer.written.get() < (long) LINES * k / (ROTATIONS + 1) && t.isAlive()) {
                    pollAndNap(f, checker);
                }
                if (k % 3 == 0) {
                    copytruncate(log, k, writer, f, checker);
                    truncations++;
                } else {
                    renameRotate(log, k, writer, f, checker);
                    renames++;
                }
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while ((t.isAlive() || checker.next < LINES) && System.nanoTime() < deadline) {
                pollAndNap(f, checker);
            }
            t.join();
        }
        assertThat(writer.failure.get()).isNull();
        assertThat(checker.error).isNull();
        assertThat(checker.next).isEqualTo(LINES);
        assertThat(renames).isEqualTo(7);
        assertThat(truncations).isEqualTo(3);
    }

    /** newsyslog: rename, create; syslogd writes on to the old file until its SIGHUP. */
    private void renameRotate(Path log, int k, Writer writer, FileFollower f, Checker c) throws Exception {
        Files.move(log, dir.resolve("maillog." + k));
        pollAndNap(f, c);                       // the path is missing now
        Files.createFile(log);
        pollAndNap(f, c);                       // the new file is empty, the old one still grows
        writer.reopen.set(true);
    }

    /** copytruncate with the writer paused, so that the expectation stays exact. */
    private void copytruncate(Path log, int k, Writer writer, FileFollower f, Checker c) throws Exception {
        writer.pause.set(true);
        writer.paused.acquire();
        f.poll(c);                              // what the old content had left, before it is cut
        Files.copy(log, dir.resolve("maillog.ct" + k));
        try (var ch = Files.newByteChannel(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        writer.pause.set(false);
        writer.resume.release();
    }

    private static void pollAndNap(FileFollower f, Checker c) throws IOException, InterruptedException {
        f.poll(c);
        Thread.sleep(1);
    }

    /** Checks that the numbers come in as 0, 1, 2, … with nothing missing or repeated. */
    static final class Checker implements LineHandler {
        long next;
        String error;

        @Override
        public void line(byte[] buf, int start, int end, long offset) {
            long n = 0;
            for (int i = start + 5; i < end; i++) {   // "line <n>"
                n = n * 10 + (buf[i] - '0');
            }
            if (n != next && error == null) {
                error = "expected line " + next + " but got " + new String(buf, start, end - start, StandardCharsets.US_ASCII);
            }
            next = n + 1;
        }
    }

    static final class Writer implements Runnable {
        final Path log;
        final AtomicLong written = new AtomicLong();
        final AtomicBoolean reopen = new AtomicBoolean();
        final AtomicBoolean pause = new AtomicBoolean();
        final Semaphore paused = new Semaphore(0);
        final Semaphore resume = new Semaphore(0);
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Writer(Path log) {
            this.log = log;
        }

        @Override
        public void run() {
            try {
                OutputStream out = new FileOutputStream(log.toFile(), true);
                for (int i = 0; i < LINES; i++) {
                    if (reopen.getAndSet(false)) {
                        out.close();
                        out = new FileOutputStream(log.toFile(), true);
                    }
                    if (pause.get()) {
                        paused.release();
                        resume.acquire();
                    }
                    out.write(("line " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                    written.incrementAndGet();
                    if (i % 500 == 0) {
                        Thread.sleep(1);
                    }
                }
                out.close();
            } catch (Throwable e) {
                failure.set(e);
            }
        }
    }
}
