package dev.warden.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code warden reload} and SIGHUP as processes: a good configuration takes effect at once, one with
 * errors is refused with every error at its file and line while the daemon carries on with the old one.
 */
class DaemonReloadIT extends WithDaemonFixture {

    static final String SMTPD = """
            jails:
              smtpd:
                logs: [maillog]
                filter: {type: regex, tag: smtpd, fail: ['auth failed from <ADDR>']}
                max-retry: 3
                find-time: 1h
                ban-time: 1h
                actions: [{type: pf, table: bot, pfctl: PFCTL}]
            """;
    static final String SSHD = """
              sshd:
                logs: [authlog]
                filter: {type: regex, tag: sshd, fail: ['Failed password for \\S+ from <ADDR> port']}
                max-retry: 2
                find-time: 1h
                ban-time: 1h
                actions: [{type: pf, table: bot-ssh, pfctl: PFCTL}]
            """;
    /** SMTPD with max-retry 2, and a second jail. */
    static final String TWO_JAILS = SMTPD.replace("max-retry: 3", "max-retry: 2") + SSHD;
    /** TWO_JAILS with two errors. */
    static final String BROKEN = TWO_JAILS.replace(
            "max-retry: 2\n    find-time: 1h\n    ban-time: 1h\n    actions: [{type: pf, table: bot,",
            "max-retry: ten\n    find-time: 1h\n    ban-time: soon\n    actions: [{type: pf, table: bot,");

    @BeforeEach
    void setUp() throws Exception {
        f.config(SMTPD);
    }

    @Test
    void reloadAppliesAChangedConfigurationAtOnce() throws Exception {
        try (DaemonProcess d = f.start()) {
            f.append("maillog", DaemonFixture.thisSecond(), fail("198.51.100.7"), fail("198.51.100.7"));
            assertThat(f.awaitStatus("\"lines\":2,")).contains("\"failuresCounted\":2,");

            f.config(TWO_JAILS);
            WardenProcess.Result reload = f.warden("reload");
            assertThat(reload.stderr()).isEmpty();
            assertThat(reload.stdout()).isEqualTo("reloaded: 2 jail(s)\n");
            assertThat(reload.exitCode()).isZero();
            assertThat(d.stderr()).contains("INFO  configuration reloaded: 2 jail(s)\n");

            // two failures now ban (max-retry 2; it was 3), and the new jail reads its log
            f.append("maillog", DaemonFixture.thisSecond(), fail("198.51.100.8"), fail("198.51.100.8"));
            assertThat(f.awaitPfctlCalls(1)).containsExactly("-t bot -T add 198.51.100.8");
            String sshd = "sshd[2]: Failed password for root from 203.0.113.4 port 22";
            f.append("authlog", DaemonFixture.thisSecond(), sshd, sshd);
            assertThat(f.awaitPfctlCalls(2)).containsExactly("-t bot -T add 198.51.100.8",
                    "-t bot-ssh -T add 203.0.113.4");
            // the jails started afresh: their counters start at the reload; .7's failures are still counted
            assertThat(f.warden("status", "--json").stdout()).isEqualTo("{\"jails\":[{\"name\":\"smtpd\",\"files\":[\""
                    + dir.resolve("maillog") + "\"],\"lines\":2,\"continuationLines\":0,\"unreadableTimeLines\":0,\"overlongLines\":0,"
                    + "\"skippedLines\":0,\"failuresCounted\":2,"
                    + "\"addressesTracked\":1,\"failuresTotal\":2,\"ignoredFailures\":0,\"unattributed\":0,"
                    + "\"bansActive\":1,\"bansTotal\":1},{\"name\":\"sshd\",\"files\":[\"" + dir.resolve("authlog")
                    + "\"],\"lines\":2,\"continuationLines\":0,\"unreadableTimeLines\":0,\"overlongLines\":0,"
                    + "\"skippedLines\":0,\"failuresCounted\":0,\"addressesTracked\":0,"
                    + "\"failuresTotal\":2,\"ignoredFailures\":0,\"unattributed\":0,\"bansActive\":1,"
                    + "\"bansTotal\":1}]}\n");
            assertThat(d.stop()).isZero();
        }
    }

    @Test
    void reloadRefusesAConfigurationWithErrorsAndTheDaemonKeepsTheOldOne() throws Exception {
        f.config(SMTPD.replace("max-retry: 3", "max-retry: 2"));
        try (DaemonProcess d = f.start()) {
            f.config(BROKEN);
            WardenProcess.Result reload = f.warden("reload");
            assertThat(reload.stdout()).isEmpty();
            assertThat(reload.stderr()).isEqualTo(
                    "warden reload: the configuration has errors; the daemon keeps running the previous one:\n"
                            + "error: " + f.config + ":" + f.configLine("max-retry: ten")
                            + ": jails.smtpd.max-retry: expected a whole number, got \"ten\"\n"
                            + "error: " + f.config + ":" + f.configLine("ban-time: soon")
                            + ": jails.smtpd.ban-time: expected a duration such as 90s, 10m, 1h, 5d or 1w,"
                            + " got \"soon\"\n");
            assertThat(reload.exitCode()).isEqualTo(2);

            WardenProcess.Result status = f.warden("status");
            assertThat(status.stderr()).isEmpty();
            assertThat(status.exitCode()).isZero();
            assertThat(status.stdout()).startsWith("smtpd:\n").doesNotContain("sshd:");
            Instant t = DaemonFixture.thisSecond();
            f.append("maillog", t, fail("198.51.100.7"), fail("198.51.100.7")); // the old max-retry: 2
            assertThat(f.awaitPfctlCalls(1)).containsExactly("-t bot -T add 198.51.100.7");
            WardenProcess.Result bans = f.warden("bans");
            assertThat(bans.stdout()).isEqualTo("smtpd\t198.51.100.7\t" + t + "\t" + t.plus(Duration.ofHours(1))
                    + "\t2\tautomatic\n");
            assertThat(d.stderr()).doesNotContain("configuration reloaded");
            assertThat(d.stop()).isZero();
        }
    }

    @Test
    void sighupReloadsAGoodConfigurationAndRefusesABadOneInTheLog() throws Exception {
        try (DaemonProcess d = f.start()) {
            f.config(TWO_JAILS);
            d.signal("HUP");
            assertThat(DaemonProcess.await(Duration.ofSeconds(15),
                    () -> stderr(d).contains("INFO  configuration reloaded: 2 jail(s)\n"))).as(stderr(d)).isTrue();
            assertThat(f.warden("status", "sshd").exitCode()).isZero();

            f.config(BROKEN);
            d.signal("HUP");
            String refused = "ERROR reload refused, the running configuration stays: " + f.config + ":"
                    + f.configLine("max-retry: ten") + ": jails.smtpd.max-retry: expected a whole number, got \"ten\"; "
                    + f.config + ":" + f.configLine("ban-time: soon")
                    + ": jails.smtpd.ban-time: expected a duration such as 90s, 10m, 1h, 5d or 1w, got \"soon\"\n";
            assertThat(DaemonProcess.await(Duration.ofSeconds(15), () -> stderr(d).contains(refused)))
                    .as(stderr(d)).isTrue();
            assertThat(d.isAlive()).isTrue();
            f.append("maillog", DaemonFixture.thisSecond(), fail("198.51.100.7"), fail("198.51.100.7"));
            assertThat(f.awaitPfctlCalls(1)).containsExactly("-t bot -T add 198.51.100.7");
            assertThat(d.stop()).isZero();
        }
    }

    private static String fail(String address) {
        return "smtpd[1]: auth failed from " + address;
    }

    private static String stderr(DaemonProcess d) {
        try {
            return d.stderr();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
