package dev.warden.core.log;

import dev.warden.core.testkit.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A FIFO where a log should be: opening it would block the reader until something writes to it (the
 * daemon's loop with it, or a scan forever). It is refused as a read failure, at once, and so are a
 * directory and a FIFO reached through a link.
 */
class NotARegularFileTest {

    @TempDir
    Path dir;
    Path fifo;

    @BeforeEach
    void setUp() throws Exception {
        fifo = dir.resolve("maillog");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assumeTrue(p.waitFor() == 0, "mkfifo is not available");
    }

    @Test
    void aFollowedFifoIsAReadFailureNotAHang() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (FileFollower f = FileFollower.of(fifo, FileFollower.Start.BEGINNING,
                    FileFollower.Settings.defaults(new MutableClock()))) {
                assertThatThrownBy(() -> f.poll((b, s, e, off) -> { }))
                        .isInstanceOf(FileSystemException.class)
                        .hasMessageContaining(fifo + ": not a regular file (a FIFO, socket or device)");
            }
        });
    }

    @Test
    void aWholeFileReadOfAFifoOrADirectoryThroughALinkFails() throws Exception {
        Path link = dir.resolve("authlog");
        Files.createSymbolicLink(link, fifo);
        Path sub = Files.createDirectory(dir.resolve("sub"));
        for (Path p : List.of(fifo, link, sub)) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                LogFeeder feeder = new LogFeeder(new SyslogHeaderParser(java.time.Instant.EPOCH, ZoneOffset.UTC),
                        new LineReader(), false);
                List<String> lines = new ArrayList<>();
                assertThatThrownBy(() -> feeder.feed(p, (line) -> lines.add(line.toString())))
                        .isInstanceOf(IOException.class).hasMessageContaining("not a regular file");
                assertThat(lines).isEmpty();
            });
        }
    }
}
