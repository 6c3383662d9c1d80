package dev.warden.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A jail whose lines come from a program's output ({@code source: {type: command}}), in run, scan and validate. */
class CommandSourceIT extends WithDaemonFixture {

    private static final String JAIL = """
            jails:
              sshd:
                source: {type: command, argv: ARGV}
                filter: sshd
                max-retry: 3
                find-time: 1h
                ban-time: 1h
                actions: [{type: pf, table: bot, pfctl: PFCTL}]
            """;

    private static final String FAIL = "sshd[7]: Failed password for root from 198.51.100.7 port 4000 ssh2";

    @Test
    void theDaemonBansFromAFollowedProgramsOutput() throws Exception {
        f.config(JAIL.replace("ARGV", "[/usr/bin/tail, -F, -n, '+1', " + dir.resolve("authlog") + "]"));
        try (DaemonProcess d = f.start()) {
            f.append("authlog", DaemonFixture.thisSecond(), FAIL, FAIL, FAIL);
            assertThat(f.awaitPfctlCalls(1)).containsExactly("-t bot -T add 198.51.100.7");
            assertThat(f.awaitStatus("\"lines\":3")).contains("\"lines\":3");
            assertThat(d.stop()).isZero();
        }
    }

    @Test
    void aScanRunsTheProgramToItsEndAndBans() throws Exception {
        f.config(JAIL.replace("ARGV", "[/bin/cat, " + dir.resolve("authlog") + "]"));
        Instant t = Instant.parse("2026-11-07T10:00:00Z");
        f.append("authlog", t, FAIL, FAIL, FAIL);
        WardenProcess.Result r = f.warden("scan", "--no-state", "--now", "2026-11-07T10:30:00Z");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdoutLines()).singleElement().asString().startsWith("sshd\t198.51.100.7\t3\t");
        assertThat(f.pfctlCalls()).containsExactly("-t bot -T add 198.51.100.7");
    }

    @Test
    void aScanWhoseProgramFailsSaysSoWithItsErrorOutput() throws Exception {
        f.config(JAIL.replace("ARGV", "[/bin/cat, " + dir.resolve("missing") + "]"));
        WardenProcess.Result r = f.warden("scan", "--no-state");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("[sshd] /bin/cat: /bin/cat: " + dir.resolve("missing") + ": No such file")
                .contains("/bin/cat exited with status 1");
    }

    @Test
    void validateReportsARelativeProgramAtItsLine() throws Exception {
        f.config(JAIL.replace("ARGV", "[tail, -F, /var/log/auth.log]"));
        WardenProcess.Result r = f.warden("validate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("error: " + f.config + ":" + f.configLine("source:")
                + ": jails.sshd.source.argv[0]: 'tail' must be an absolute path");
        assertThat(Files.exists(dir.resolve("state"))).isFalse();
    }
}
