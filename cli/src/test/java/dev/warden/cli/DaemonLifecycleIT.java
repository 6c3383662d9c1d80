package dev.warden.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the daemon keeps and undoes across stops and starts, as processes with a fake pfctl: SIGTERM,
 * {@code unban-on-stop}, {@code kill -9}, unbans by hand, and escalating ban times.
 */
class DaemonLifecycleIT extends WithDaemonFixture {

    static final String SMTPD = """
            jails:
              smtpd:
                logs: [maillog]
                filter: {type: regex, tag: smtpd, fail: ['auth failed from <ADDR>']}
                max-retry: 2
                find-time: 1h
                ban-time: 1h
                actions: [{type: pf, table: bot, pfctl: PFCTL}]
            """;
    static final String FAIL_7 = "smtpd[1]: auth failed from 198.51.100.7";

    @BeforeEach
    void setUp() throws Exception {
        f.config(SMTPD);
    }

    @Test
    void sigtermSavesTheBansRemovesTheSocketAndTheNextStartKeepsTheirEnd() throws Exception {
        Instant t = DaemonFixture.thisSecond();
        try (DaemonProcess d = f.start()) {
            f.append("maillog", t, FAIL_7, FAIL_7);
            assertThat(f.awaitPfctlCalls(1)).containsExactly("-t bot -T add 198.51.100.7");
            assertThat(d.stop()).isZero();
            assertThat(f.socket).doesNotExist();
            assertThat(d.stderr()).contains("INFO  warden stopped; state saved in " + dir.resolve("state"));
        }
        String ban = "smtpd\t198.51.100.7\t" + t + "\t" + t.plus(Duration.ofHours(1)) + "\t2\tautomatic";
        assertThat(f.stateFile()).contains("\nban smtpd 198.51.100.7 " + t + " " + t.plus(Duration.ofHours(1))
                + " 2 automatic\n");
        assertThat(f.pfctlCalls()).containsExactly("-t bot -T add 198.51.100.7"); // bans stay in pf at stop

        try (DaemonProcess d = f.start()) {
            assertThat(f.pfctlCalls()).containsExactly("-t bot -T add 198.51.100.7", "-t bot -T add 198.51.100.7");
            WardenProcess.Result bans = f.warden("bans");
            assertThat(bans.exitCode()).as(bans.stderr()).isZero();
            assertThat(bans.stdout()).isEqualTo(ban + "\n");
            // the log is resumed where it was: once new lines ban .9, the two old ones would have been read too
            f.append("maillog", DaemonFixture.thisSecond(), "smtpd[1]: auth failed from 198.51.100.9",
                    "smtpd[1]: auth failed from 198.51.100.9");
            assertThat(f.awaitPfctlCalls(3)).hasSize(3).endsWith("-t bot -T add 198.51.100.9");
            assertThat(f.warden("status", "--json").stdout()).contains("\"lines\":2,").contains("\"failuresTotal\":2,");
            assertThat(d.stop()).isZero();
        }
    }

    @Test
    void unbanOnStopDeletesTheBansAtStopAndAddsThemAgainAtStart() throws Exception {
        f.config("unban-on-stop: true\n" + SMTPD);
        try (DaemonProcess d = f.start()) {
            f.append("maillog", DaemonFixture.thisSecond(), FAIL_7, FAIL_7);
            assertThat(f.awaitPfctlCalls(1)).containsExactly("-t bot -T add 198.51.100.7");
            assertThat(f.warden("ban", "smtpd", "198.51.100.8").exitCode()).isZero();
            assertThat(d.stop()).isZero();
        }
        assertThat(f.pfctlCalls()).containsExactly("-t bot -T add 198.51.100.7", "-t bot -T add 198.51.100.8",
                "-t bot -T delete 198.51.100.7 198.51.100.8");
        assertThat(f.stateFile()).contains("\nban smtpd 198.51.100.7 ").contains("\nban smtpd 198.51.100.8 ");
        try (DaemonProcess d = f.start()) {
            assertThat(f.pfctlCalls()).containsExactly("-t bot -T add 198.51.100.7", "-t bot -T add 198.51.100.8",
                    "-t bot -T delete 198.51.100.7 198.51.100.8", "-t bot -T add 198.51.100.7 198.51.100.8");
            assertThat(f.warden("bans").stdoutLines()).hasSize(2);
            assertThat(d.stop()).isZero();
        }
    }

    @Test
    void aManualUnbanStaysAcrossARestartUntilNewFailuresEarnANewBan() throws Exception {
        try (DaemonProcess d = f.start()) {
            f.append("maillog", DaemonFixture.thisSecond(), FAIL_7, FAIL_7);
            assertThat(f.awaitPfctlCalls(1)).containsExactly("-t bot -T add 198.51.100.7");
            assertThat(f.warden("unban", "198.51.100.7").stdout()).isEqualTo("unbanned 198.51.100.7 in smtpd\n");
            assertThat(d.stop()).isZero();
        }
        try (DaemonProcess d = f.start()) {
            assertThat(f.pfctlCalls()).containsExactly("-t bot -T add 198.51.100.7", "-t bot -T delete 198.51.100.7");
            assertThat(f.warden("bans").stdout()).isEmpty();
            // the failures before the ban do not count again: one new failure is not enough, a second is
            f.append("maillog", DaemonFixture.thisSecond(), FAIL_7);
            assertThat(f.awaitStatus("\"lines\":1,")).contains("\"failuresCounted\":1,").contains("\"bansActive\":0,");
            assertThat(f.pfctlCalls()).hasSize(2);
            f.append("maillog", DaemonFixture.thisSecond(), FAIL_7);
            assertThat(f.awaitPfctlCalls(3)).containsExactly("-t bot -T add 198.51.100.7",
                    "-t bot -T delete 198.51.100.7", "-t bot -T add 198.51.100.7");
            assertThat(f.warden("bans").stdoutLines()).singleElement().asString().startsWith("smtpd\t198.51.100.7\t");
            assertThat(d.stop()).isZero();
        }
    }

    @Test
    void aBanAndAnUnbanByHandAreSavedBeforeTheyAreAnsweredSoAKillDoesNotUndoThem() throws Exception {
        try (DaemonProcess d = f.start()) {
            f.append("maillog", DaemonFixture.thisSecond(), FAIL_7, FAIL_7);
            assertThat(f.awaitPfctlCalls(1)).containsExactly("-t bot -T add 198.51.100.7");
            assertThat(f.warden("ban", "smtpd", "198.51.100.8").exitCode()).isZero();
            assertThat(f.warden("unban", "198.51.100.7").exitCode()).isZero();
            d.kill9();
        }
        try (DaemonProcess d = f.start()) {
            assertThat(f.pfctlCalls()).containsExactly("-t bot -T add 198.51.100.7", "-t bot -T add 198.51.100.8",
                    "-t bot -T delete 198.51.100.7", "-t bot -T add 198.51.100.8");
            assertThat(f.warden("bans").stdoutLines()).singleElement().asString()
                    .startsWith("smtpd\t198.51.100.8\t").endsWith("\t0\tmanual");
            assertThat(d.stop()).isZero();
        }
    }

    @Test
    void anUnbanInOneJailThatWaitsForAnotherJailIsNotUndoneByAReloadOrARestart() throws Exception {
        // Both jails on table bot: sshd's unban must wait for smtpd's ban, which shares the table.
        f.config(DaemonControlIT.JAILS.replace("table: bot-ssh", "table: bot"));
        String add = "-t bot -T add 198.51.100.31"; // smtpd's ban, re-applied at each reload and start
        try (DaemonProcess d = f.start()) {
            assertThat(f.warden("ban", "smtpd", "198.51.100.31").exitCode()).isZero();
            assertThat(f.warden("ban", "sshd", "198.51.100.31").exitCode()).isZero();
            assertThat(f.warden("unban", "198.51.100.31", "--jail", "sshd").exitCode()).isZero();
            assertThat(f.warden("reload").stdout()).isEqualTo("reloaded: 2 jail(s)\n");
            assertThat(f.warden("bans").stdoutLines()).singleElement().asString().startsWith("smtpd\t198.51.100.31\t");
            assertThat(f.pfctlCalls()).as("no delete: smtpd still bans it in bot").containsExactly(add, add, add);
            assertThat(d.stop()).isZero();
        }
        try (DaemonProcess d = f.start()) {
            assertThat(f.warden("bans").stdoutLines()).singleElement().asString().startsWith("smtpd\t198.51.100.31\t");
            assertThat(f.pfctlCalls()).containsExactly(add, add, add, add);
            assertThat(d.stop()).isZero();
        }
    }

    @Test
    void escalationDoublesTheBanTimeOfAnAddressBannedAgainAfterItsBanEnded() throws Exception {
        f.config("""
                jails:
                  esc:
                    logs: [maillog]
                    filter: {type: regex, tag: smtpd, fail: ['auth failed from <ADDR>']}
                    max-retry: 1
                    find-time: 1h
                    ban-time: 2s
                    ban-time-increment: {factor: 2, max: 1h}
                    actions: [{type: pf, table: bot, pfctl: PFCTL}]
                """);
        try (DaemonProcess d = f.start()) {
            Instant first = DaemonFixture.nextSecond();
            f.append("maillog", first, FAIL_7);
            assertThat(f.awaitPfctlCalls(2)).containsExactly("-t bot -T add 198.51.100.7",
                    "-t bot -T delete 198.51.100.7");
            assertThat(d.stderr())
                    .contains("INFO  [esc] ban 198.51.100.7 after 1 failures until " + first.plusSeconds(2) + "\n");

            Instant second = DaemonFixture.nextSecond();
            f.append("maillog", second, FAIL_7);
            assertThat(f.awaitPfctlCalls(3)).hasSize(3).endsWith("-t bot -T add 198.51.100.7");
            WardenProcess.Result bans = f.warden("bans", "--json");
            assertThat(bans.exitCode()).as(bans.stderr()).isZero();
            assertThat(bans.stdout()).isEqualTo("{\"bans\":[{\"jail\":\"esc\",\"address\":\"198.51.100.7\",\"start\":\""
                    + second + "\",\"end\":\"" + second.plusSeconds(4)
                    + "\",\"failures\":1,\"origin\":\"automatic\"}]}\n");
            assertThat(f.awaitPfctlCalls(4)).containsExactly("-t bot -T add 198.51.100.7",
                    "-t bot -T delete 198.51.100.7", "-t bot -T add 198.51.100.7", "-t bot -T delete 198.51.100.7");
            assertThat(d.stop()).isZero();
            assertThat(f.stateFile()).as("two bans, the latest ending at " + second.plusSeconds(4))
                    .contains("\ncount esc 198.51.100.7 2 " + second.plusSeconds(4) + "\n");
        }
    }
}
