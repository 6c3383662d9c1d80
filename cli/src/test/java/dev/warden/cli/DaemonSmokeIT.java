package dev.warden.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The daemon starts, answers status, bans from an appended line, and stops on SIGTERM with its state saved. */
class DaemonSmokeIT {

    @Test
    void startsBansAndStopsCleanly(@TempDir Path dir) throws Exception {
        Path pfctl = WardenProcess.fakePfctl(dir);
        Path log = Files.createFile(dir.resolve("maillog"));
        Path sock = Files.createTempDirectory(Path.of("/tmp"), "wsmoke").resolve("w.sock");
        Path cfg = dir.resolve("warden.yaml");
        Files.writeString(cfg, """
                state-dir: state
                socket: %s
                poll-interval: 50ms
                jails:
                  smtpd:
                    logs: [maillog]
                    filter: opensmtpd
                    max-retry: 2
                    find-time: 1h
                    ban-time: 1h
                    actions: [{type: pf, table: bot, pfctl: %s}]
                """.formatted(sock, pfctl));
        try (DaemonProcess d = DaemonProcess.start(dir, cfg, sock)) {
            String now = java.time.format.DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", java.util.Locale.ROOT)
                    .format(java.time.LocalDateTime.now());
            Files.writeString(log, now + " mail smtpd[1]: 00000000000000a1 smtp connected address=198.51.100.7"
                    + " host=<unknown>\n" + (now + " mail smtpd[1]: 00000000000000a1 smtp authentication"
                    + " user=a result=permfail\n").repeat(2));
            assertThat(DaemonProcess.await(Duration.ofSeconds(5), () -> !calls(dir).isEmpty())).isTrue();
            assertThat(calls(dir)).containsExactly("-t bot -T add 198.51.100.7");
            WardenProcess.Result status = WardenProcess.run(dir, "status", "-c", cfg.toString(), "--json");
            assertThat(status.exitCode()).as(status.stderr()).isZero();
            assertThat(status.stdout()).contains("\"lines\":3").contains("\"bansActive\":1");
            assertThat(d.stop()).isZero();
            assertThat(Files.readString(dir.resolve("state/state"))).contains("ban smtpd 198.51.100.7 ");
            assertThat(sock).doesNotExist();
        } finally {
            Files.deleteIfExists(sock);
            Files.deleteIfExists(sock.getParent());
        }
    }

    private static java.util.List<String> calls(Path dir) {
        try {
            return WardenProcess.pfctlCalls(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
