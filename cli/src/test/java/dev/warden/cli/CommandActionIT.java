package dev.warden.cli;

import dev.warden.core.testkit.RecordedCalls;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code command} action driven by a real daemon: a script the test writes records the exact argv it is
 * started with, and user names full of shell syntax in sshd's log never reach a shell.
 */
class CommandActionIT extends WithDaemonFixture {

    /** Appends its argv ($0 first) to {@code calls}, one argument per line, then {@code ==}. */
    private static final String RECORDER = """
            #!/bin/sh
            { printf '%s\\n' "$0" "$@"; echo '=='; } >> "$(dirname "$0")/calls"
            """;

    private Path recorder;

    @BeforeEach
    void setUp() throws Exception {
        recorder = dir.resolve("report");
        Files.writeString(recorder, RECORDER);
        Files.setPosixFilePermissions(recorder, PosixFilePermissions.fromString("rwxr-xr-x"));
        f.config("""
                jails:
                  sshd:
                    logs: [authlog]
                    filter: sshd
                    max-retry: 3
                    find-time: 1h
                    ban-time: 1h
                    actions:
                      - type: command
                        ban: [REC, ban, "{address}", "{prefix}", "jail={jail}", "{failures} failures until {end}", "{node}"]
                        unban: [REC, unban, "{address}"]
                """.replace("REC", recorder.toString()));
    }

    private List<List<String>> calls() throws IOException {
        return RecordedCalls.read(dir.resolve("calls"));
    }

    @Test
    void aBanRunsTheCommandWithExactArgvAndShellSyntaxInUserNamesReachesNoShell() throws Exception {
        Path pwned = dir.resolve("pwned");
        Instant t = DaemonFixture.thisSecond();
        try (DaemonProcess d = f.start()) {
            f.append("authlog", t,
                    "sshd[101]: Invalid user $(touch " + pwned + ") from 198.51.100.7 port 40001",
                    "sshd[102]: Invalid user `touch " + pwned + "` from 198.51.100.7 port 40002",
                    "sshd[103]: Invalid user x;touch${IFS}" + pwned + ";| from 198.51.100.7 port 40003");
            DaemonProcess.await(Duration.ofSeconds(15), () -> {
                try {
                    return !calls().isEmpty();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(calls()).containsExactly(List.of(recorder.toString(), "ban", "198.51.100.7",
                    "198.51.100.7/32", "jail=sshd", "3 failures until " + t.plus(Duration.ofHours(1)),
                    dev.warden.core.config.FleetSettings.localNode())); // no fleet: the host name

            WardenProcess.Result unban = f.warden("unban", "198.51.100.7");
            assertThat(unban.exitCode()).as(unban.stderr()).isZero();
            assertThat(calls()).hasSize(2).last().isEqualTo(List.of(recorder.toString(), "unban", "198.51.100.7"));
            assertThat(d.stop()).isZero();
        }
        assertThat(pwned).doesNotExist();
    }

    @Test
    void anUnknownPlaceholderIsAConfigErrorAtItsLine() throws Exception {
        f.config("""
                jails:
                  sshd:
                    logs: [authlog]
                    filter: sshd
                    actions:
                      - type: command
                        ban:
                          - /usr/bin/logger
                          - "{user} from {address}"
                """);
        WardenProcess.Result r = f.warden("validate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("error: " + f.config + ":" + f.configLine("{user}")
                + ": jails.sshd.actions[0].ban[1]: unknown placeholder {user} in '{user} from {address}'");
    }

    @Test
    void aFailingCommandIsReportedWithItsErrorOutput() throws Exception {
        Files.writeString(recorder, "#!/bin/sh\necho \"abuse API: 401 Unauthorized\" >&2\nexit 22\n");
        try (DaemonProcess d = f.start()) {
            WardenProcess.Result ban = f.warden("ban", "sshd", "198.51.100.9");
            assertThat(ban.exitCode()).isEqualTo(3);
            assertThat(d.stderr()).contains("action command could not ban 1 address(es)")
                    .contains(recorder + " (ban 198.51.100.9) exited with status 22: abuse API: 401 Unauthorized");
            assertThat(d.stop()).isZero();
        }
    }
}
