package dev.warden.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An OpenSMTPD session that begins in one file and fails in the next (newsyslog rotated between its
 * lines), or begins before a daemon restart and fails after it, keeps its address: in {@code scan}
 * given both files, and in {@code run} through the rotation and through the saved filter state.
 */
class SessionAcrossFilesIT {

    private static final String CLIENT = "198.51.100.44";

    private static String line(Instant t, String message) {
        return t.truncatedTo(ChronoUnit.SECONDS) + " mail smtpd[4711]: 00000000000000c1 " + message + "\n";
    }

    private static String connected(Instant t) {
        return line(t, "smtp connected address=" + CLIENT + " host=<unknown>");
    }

    private static String permfail(Instant t) {
        return line(t, "smtp authentication user=admin result=permfail");
    }

    private static String jail(Path log, Path pfctl) {
        return """
                  smtpd:
                    logs: ['%s']
                    filter: opensmtpd
                    max-retry: 2
                    find-time: 1h
                    ban-time: 1h
                    actions: [{type: pf, table: bot, pfctl: '%s'}]
                """.formatted(log, pfctl);
    }

    @Test
    void scanGivenBothFilesAttributesTheSessionSplitByTheRotation(@TempDir Path dir) throws Exception {
        Instant t = Instant.parse("2026-11-07T10:00:00Z");
        Files.writeString(dir.resolve("maillog.0"), connected(t));
        Files.writeString(dir.resolve("maillog"), permfail(t.plusSeconds(1)) + permfail(t.plusSeconds(2)));
        Path cfg = dir.resolve("warden.yaml");
        Files.writeString(cfg, "jails:\n" + jail(dir.resolve("maillog"), WardenProcess.fakePfctl(dir)));
        WardenProcess.Result r = WardenProcess.run(dir, "scan", "-c", cfg.toString(), "--jail", "smtpd",
                "--dry-run", "--now", "2026-11-07T10:30:00Z", dir.resolve("maillog.0").toString(),
                dir.resolve("maillog").toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdoutLines()).containsExactly("smtpd\t" + CLIENT + "\t2\t2026-11-07T11:00:02Z");
        WardenProcess.Result second = WardenProcess.run(dir, "scan", "-c", cfg.toString(), "--jail", "smtpd",
                "--dry-run", "--now", "2026-11-07T10:30:00Z", dir.resolve("maillog").toString());
        assertThat(second.stdout()).as("without the first file the failures have no address").isEmpty();
        assertThat(second.stderr()).contains("2 unattributed");
    }

    @Test
    void runKeepsTheSessionThroughARotationAndThroughARestart(@TempDir Path dir) throws Exception {
        try (FollowFixture f = FollowFixture.in(dir)) {
            Path log = Files.createFile(dir.resolve("maillog"));
            f.writeConfig("state", "50ms", jail(log, dir.resolve("pfctl")));
            try (DaemonProcess d = f.start()) {
                append(log, connected(Instant.now()));
                f.awaitLines(d, "smtpd", 1);
                Files.move(log, dir.resolve("maillog.0"));
                append(log, permfail(Instant.now()) + permfail(Instant.now()));
                assertThat(DaemonProcess.await(Duration.ofSeconds(10), () -> !f.pfCalls().isEmpty()))
                        .as("banned through the rotation").isTrue();
                assertThat(f.pfCalls()).singleElement().satisfies(c -> assertThat(c.addresses()).containsExactly(CLIENT));
                assertThat(d.stop()).isZero();
            }
            String other = CLIENT.replace(".44", ".45");
            try (DaemonProcess d = f.start()) {
                append(log, connected(Instant.now()).replace(CLIENT, other).replace("c1 smtp", "c2 smtp"));
                f.awaitLines(d, "smtpd", 1);
                assertThat(d.stop()).isZero();
            }
            assertThat(Files.readString(dir.resolve("state/state"))).contains("\nfilter smtpd ");
            try (DaemonProcess d = f.start()) {
                append(log, (permfail(Instant.now()) + permfail(Instant.now())).replace("c1 smtp", "c2 smtp"));
                // each start first re-adds the ban in force of CLIENT; then OTHER's session, opened before
                // the restart, must be attributed after it
                assertThat(DaemonProcess.await(Duration.ofSeconds(10),
                        () -> f.pfCalls().stream().anyMatch(c -> c.addresses().contains(other))))
                        .as("the session opened before the restart is attributed after it").isTrue();
                assertThat(f.pfCalls()).extracting(FollowFixture.PfCall::addresses).containsExactly(
                        java.util.List.of(CLIENT), java.util.List.of(CLIENT), java.util.List.of(CLIENT),
                        java.util.List.of(other));
                assertThat(d.stop()).isZero();
            }
        }
    }

    private static void append(Path log, String text) throws java.io.IOException {
        Files.writeString(log, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
