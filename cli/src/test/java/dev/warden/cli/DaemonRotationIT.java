package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

import static dev.warden.cli.FollowFixture.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code warden run} reads every line of a log exactly once while it is written continuously and rotated
 * under it, by rename (newsyslog) and by copy and truncate (copytruncate).
 */
class DaemonRotationIT {

    private static final int LINES = 20_000;

    @Test
    void countsEveryLineExactlyOnceThroughRotations(@TempDir Path dir) throws Exception {
        try (FollowFixture f = FollowFixture.in(dir)) {
            Path log = Files.createFile(dir.resolve("maillog"));
            // Every line is another address, failing once; with max-retry 2 a line read twice would ban.
            f.writeConfig("state", "50ms", f.jail("mail", log, 2, "1h", "bot"));
            try (DaemonProcess d = f.start();
                    LogWriter w = new LogWriter(log)) {
                w.start(LINES, i -> FollowFixture.failure(Instant.now(), FollowFixture.address(i)), 100, 10);
                renameAt(w, 2_500, 200);     // the writer goes on in the old file for 200 lines
                renameAt(w, 5_000, 200);
                copyTruncateAt(w, f, d, log, 7_500);
                renameAt(w, 10_000, 0);      // the writer moves over at once
                copyTruncateAt(w, f, d, log, 12_500);
                renameAt(w, 15_000, 200);
                renameAt(w, 17_500, 200);
                w.join(Duration.ofSeconds(60));
                assertThat(w.written()).isEqualTo(LINES);

                f.awaitLines(d, "mail", LINES);
                // Nothing is read late either: not after the rotation grace (2 s), when an old file is let go.
                Thread.sleep(2_500);
                JsonNode s = f.cliJson("status", "--json").path("jails").get(0);
                assertThat(s.path("lines").asLong()).isEqualTo(LINES);
                assertThat(s.path("skippedLines").asLong()).isZero();
                assertThat(s.path("failuresTotal").asLong()).isEqualTo(LINES);
                assertThat(s.path("addressesTracked").asLong()).isEqualTo(LINES);
                assertThat(s.path("failuresCounted").asLong()).isEqualTo(LINES);
                assertThat(s.path("bansTotal").asLong()).isZero();
                assertThat(f.pfCalls()).isEmpty();
                assertThat(d.stop()).isZero();
            }
        }
    }

    /** Once {@code at} lines are written, rotates by rename; see {@link LogWriter#rotateByRename}. */
    private static void renameAt(LogWriter w, int at, int linesInOld) throws Exception {
        w.awaitWritten(at, PATIENCE);
        w.rotateByRename(linesInOld);
    }

    /**
     * Once {@code at} lines are written, rotates like newsyslog's copytruncate: copies {@code maillog} to
     * {@code maillog.0}, then truncates it in place. Lines written between the copy and the truncation are
     * in the copy only, which nobody follows: every tool loses them, by the design of copytruncate. So the
     * writer is held meanwhile, and the daemon is let read all it wrote before the copy (what it has not
     * read when the file is truncated is gone as well); lines written before and after still stream in.
     */
    private static void copyTruncateAt(LogWriter w, FollowFixture f, DaemonProcess d, Path log, int at)
            throws Exception {
        w.awaitWritten(at, PATIENCE);
        w.pause();
        try {
            f.awaitLines(d, "mail", w.written());
            LogWriter.shiftRotated(log);
            Files.copy(log, LogWriter.rotated(log, 0), StandardCopyOption.COPY_ATTRIBUTES);
            try (FileChannel c = FileChannel.open(log, StandardOpenOption.WRITE)) {
                c.truncate(0);
            }
        } finally {
            w.resume();
        }
    }
}
