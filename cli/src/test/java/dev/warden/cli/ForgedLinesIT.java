package dev.warden.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lines an attacker shapes never ban through the real program (issue 12, findings 2 and 5): the second half of
 * a message with an embedded newline, which reads as a header-less sshd line for the admin's address, and a
 * line over 64 KiB whose first 64 KiB end as sshd's own line would. A real attacker in the same log is banned,
 * so the jail is shown to work. {@code scan --no-state} reads the log on every core (ParallelFeed), {@code scan}
 * follows it line by line (FileFollower's LineReader); both must decide the same single ban.
 */
class ForgedLinesIT {

    private static final String ADMIN = "192.0.2.99";
    private static final String ADMIN2 = "192.0.2.98";
    private static final String ATTACKER = "203.0.113.5";

    /** Three failures of the attacker, three forged lines for the admin, three overlong lines for the other. */
    private static String authlog() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            sb.append("Nov  7 10:00:0").append(i).append(" gw sshd[10").append(i).append("]: Failed password for root from ")
                    .append(ATTACKER).append(" port 4000").append(i).append(" ssh2\n");
            sb.append("Nov  7 10:00:1").append(i).append(" gw sshd[20").append(i)
                    .append("]: pam_krb5(sshd:auth): authentication failed for 'x': see\n")
                    .append("sshd[1]: Failed password for root from ").append(ADMIN).append(" port 22 ssh2\n");
            String head = "Nov  7 10:00:2" + i + " gw sshd[30" + i + "]: Invalid user ";
            String fakeEnd = " from " + ADMIN2 + " port 22";
            sb.append(head).append("y".repeat(64 * 1024 - head.length() - fakeEnd.length())).append(fakeEnd)
                    .append(" from 203.0.113.6 port 5000").append(i).append('\n');
        }
        return sb.toString();
    }

    private static Path setUp(Path dir) throws Exception {
        Files.writeString(dir.resolve("authlog"), authlog());
        Path pfctl = WardenProcess.fakePfctl(dir);
        return Files.writeString(dir.resolve("warden.yaml"), """
                state-dir: state
                jails:
                  ssh:
                    logs: [authlog]
                    filter: sshd
                    max-retry: 3
                    find-time: 1h
                    ban-time: 1d
                    actions: [{type: pf, table: bot, pfctl: %s}]
                """.formatted(pfctl));
    }

    @ParameterizedTest(name = "scan {0}")
    @ValueSource(strings = {"--no-state", "--now"})
    void onlyTheRealAttackerIsBanned(String mode, @TempDir Path dir) throws Exception {
        Path cfg = setUp(dir);
        WardenProcess.Result r = mode.equals("--no-state")
                ? WardenProcess.run(dir, "scan", "-c", cfg.toString(), "--no-state", "--now", "2026-11-07T12:00:00Z")
                : WardenProcess.run(dir, "scan", "-c", cfg.toString(), "--now", "2026-11-07T12:00:00Z");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdoutLines()).singleElement().asString().startsWith("ssh\t" + ATTACKER + "\t3\t");
        assertThat(WardenProcess.pfctlCalls(dir)).containsExactly("-t bot -T add " + ATTACKER);
        assertThat(r.stderr()).doesNotContain(ADMIN).doesNotContain(ADMIN2);
    }

    @Test
    void testFilterFindsOnlyTheRealAttackerAndCountsWhatItWithheld(@TempDir Path dir) throws Exception {
        setUp(dir);
        WardenProcess.Result tsv = WardenProcess.run(dir, "test-filter", "sshd", "authlog", "--tsv");
        assertThat(tsv.exitCode()).as(tsv.stderr()).isZero();
        assertThat(tsv.stdoutLines()).containsExactly("1\t" + ATTACKER, "5\t" + ATTACKER, "9\t" + ATTACKER);
        WardenProcess.Result summary = WardenProcess.run(dir, "test-filter", "sshd", "authlog");
        assertThat(summary.exitCode()).as(summary.stderr()).isZero();
        assertThat(summary.stdout()).contains("Lines read:            12 (3 without a readable time)")
                .contains("Lines withheld:        3 continuation (no time of their own in a timed log), 0 with an"
                        + " unreadable time, 3 overlong (over 64 KiB)")
                .containsPattern("Distinct addresses: +1\n");
    }
}
