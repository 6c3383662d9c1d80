package dev.warden.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code warden status}, {@code bans}, {@code ban} and {@code unban} as processes against a running
 * daemon with a fake pfctl: exact output, exit codes, and what reached pfctl.
 */
class DaemonControlIT extends WithDaemonFixture {

    /** Two jails with regex filters, so that every line's effect is known. */
    static final String JAILS = """
            ignore: [192.0.2.0/24]
            jails:
              smtpd:
                logs: [maillog]
                filter: {type: regex, tag: smtpd, fail: ['auth failed from <ADDR>']}
                max-retry: 3
                find-time: 1h
                ban-time: 2h
                actions: [{type: pf, table: bot, pfctl: PFCTL}]
              sshd:
                logs: [authlog]
                filter: {type: regex, tag: sshd, fail: ['Failed password for \\S+ from <ADDR> port']}
                max-retry: 2
                find-time: 1h
                ban-time: 1h
                actions: [{type: pf, table: bot-ssh, pfctl: PFCTL}]
            """;

    @BeforeEach
    void setUp() throws Exception {
        f.config(JAILS);
    }

    @Test
    void statusCountsWhatEachJailReadCountedAndBanned() throws Exception {
        try (DaemonProcess d = f.start()) {
            Instant t = DaemonFixture.thisSecond();
            // the line that bans comes last in each log: once pfctl ran, every line before it was read
            f.append("maillog", t, "smtpd[1]: connected address=198.51.100.7", fail("198.51.100.9"),
                    fail("192.0.2.5"), fail("198.51.100.7"), fail("198.51.100.7"), fail("198.51.100.7"));
            assertThat(f.awaitPfctlCalls(1)).containsExactly("-t bot -T add 198.51.100.7");
            f.append("authlog", t, "sshd[2]: Failed password for root from 203.0.113.4 port 22 ssh2");
            // withheld from the filter and counted: a line without a time after timed ones, and an overlong line
            Files.writeString(dir.resolve("authlog"), "sshd[3]: Failed password for root from 198.51.100.99 port 22"
                    + " ssh2\n" + "x".repeat(70_000) + "\n", StandardOpenOption.APPEND);
            f.append("authlog", t, "sshd[2]: Failed password for admin from 203.0.113.4 port 22 ssh2");
            assertThat(f.awaitPfctlCalls(2)).containsExactly("-t bot -T add 198.51.100.7",
                    "-t bot-ssh -T add 203.0.113.4");

            WardenProcess.Result json = f.warden("status", "--json");
            assertThat(json.stderr()).isEmpty();
            assertThat(json.exitCode()).isZero();
            assertThat(json.stdout()).isEqualTo("{\"jails\":["
                    + statusJson("smtpd", "maillog", 6, 0, 0, 1, 1, 4, 1, 1, 1) + ","
                    + statusJson("sshd", "authlog", 4, 1, 1, 0, 0, 2, 0, 1, 1) + "]}\n");

            // a failure of a banned address counts in the total, not towards a ban; .9 reaches max-retry
            f.append("maillog", t, fail("198.51.100.7"), fail("198.51.100.9"), fail("198.51.100.9"));
            assertThat(f.awaitPfctlCalls(3)).endsWith("-t bot -T add 198.51.100.9").hasSize(3);
            String sshdStatus = """
                    sshd:
                      files followed:   1
                        %s
                      lines read:       4 (1 continuation withheld, 1 overlong dropped)
                      failures counted: 0 (from 0 addresses)
                      failures total:   2 (+0 ignored, 0 without address)
                      bans in force:    1
                      bans total:       1
                    """.formatted(dir.resolve("authlog"));
            WardenProcess.Result text = f.warden("status");
            assertThat(text.stderr()).isEmpty();
            assertThat(text.exitCode()).isZero();
            assertThat(text.stdout()).isEqualTo("""
                    smtpd:
                      files followed:   1
                        %s
                      lines read:       9
                      failures counted: 0 (from 0 addresses)
                      failures total:   7 (+1 ignored, 0 without address)
                      bans in force:    2
                      bans total:       2
                    """.formatted(dir.resolve("maillog")) + sshdStatus);

            WardenProcess.Result one = f.warden("status", "sshd", "--json");
            assertThat(one.exitCode()).as(one.stderr()).isZero();
            assertThat(one.stdout()).isEqualTo("{\"jails\":[" + statusJson("sshd", "authlog", 4, 1, 1, 0, 0, 2, 0, 1, 1)
                    + "]}\n");

            WardenProcess.Result oneText = f.warden("status", "sshd");
            assertThat(oneText.exitCode()).as(oneText.stderr()).isZero();
            String end = f.warden("bans", "--jail", "sshd").stdoutLines().get(0).split("\t")[3];
            assertThat(oneText.stdout()).as("one jail: its bans in force are listed too").isEqualTo(sshdStatus + """
                      banned now:
                        203.0.113.4 until %s (2 failures, automatic)
                    """.formatted(end));

            WardenProcess.Result none = f.warden("status", "nosuchjail");
            assertThat(none.exitCode()).isEqualTo(1);
            assertThat(none.stdout()).isEmpty();
            assertThat(none.stderr()).isEqualTo("warden status: no jail named 'nosuchjail'; jails: smtpd, sshd\n");
            assertThat(d.isAlive()).isTrue();
        }
    }

    @Test
    void bansListsTheBansInForceWithStartEndFailuresAndOrigin() throws Exception {
        try (DaemonProcess d = f.start()) {
            Instant t = DaemonFixture.thisSecond();
            f.append("authlog", t, "sshd[2]: Failed password for root from 203.0.113.4 port 22 ssh2",
                    "sshd[2]: Failed password for root from 203.0.113.4 port 22 ssh2");
            f.append("maillog", t, fail("198.51.100.7"), fail("198.51.100.7"), fail("198.51.100.7"));
            assertThat(f.awaitPfctlCalls(2)).containsExactlyInAnyOrder("-t bot -T add 198.51.100.7",
                    "-t bot-ssh -T add 203.0.113.4");

            // earliest start first, then by jail: both bans start at the second their last failure was logged
            String smtpd = "smtpd\t198.51.100.7\t" + t + "\t" + t.plus(Duration.ofHours(2)) + "\t3\tautomatic";
            String sshd = "sshd\t203.0.113.4\t" + t + "\t" + t.plus(Duration.ofHours(1)) + "\t2\tautomatic";
            WardenProcess.Result all = f.warden("bans");
            assertThat(all.stderr()).isEmpty();
            assertThat(all.exitCode()).isZero();
            assertThat(all.stdout()).isEqualTo(smtpd + "\n" + sshd + "\n");

            WardenProcess.Result onlySshd = f.warden("bans", "--jail", "sshd");
            assertThat(onlySshd.exitCode()).as(onlySshd.stderr()).isZero();
            assertThat(onlySshd.stdout()).isEqualTo(sshd + "\n");

            WardenProcess.Result json = f.warden("bans", "--json");
            assertThat(json.exitCode()).as(json.stderr()).isZero();
            assertThat(json.stdout()).isEqualTo("{\"bans\":[{\"jail\":\"smtpd\",\"address\":\"198.51.100.7\","
                    + "\"start\":\"" + t + "\",\"end\":\"" + t.plus(Duration.ofHours(2))
                    + "\",\"failures\":3,\"origin\":\"automatic\"},"
                    + "{\"jail\":\"sshd\",\"address\":\"203.0.113.4\",\"start\":\"" + t + "\",\"end\":\""
                    + t.plus(Duration.ofHours(1)) + "\",\"failures\":2,\"origin\":\"automatic\"}]}\n");

            WardenProcess.Result unknown = f.warden("bans", "--jail", "nosuchjail");
            assertThat(unknown.exitCode()).isEqualTo(1);
            assertThat(unknown.stdout()).isEmpty();
            assertThat(unknown.stderr()).isEqualTo("warden bans: no jail named 'nosuchjail'; jails: smtpd, sshd\n");
        }
    }

    @Test
    void banByHandAddsExactlyThatAddressForTheGivenTimeOrTheJailsBanTime() throws Exception {
        try (DaemonProcess d = f.start()) {
            Instant before = Instant.now();
            WardenProcess.Result forAnHour = f.warden("ban", "smtpd", "198.51.100.20", "--for", "1h");
            Instant after = Instant.now();
            assertThat(forAnHour.stderr()).isEmpty();
            assertThat(forAnHour.exitCode()).isZero();
            assertThat(f.pfctlCalls()).containsExactly("-t bot -T add 198.51.100.20");
            Instant end = Instant.parse(single(forAnHour.stdout(), "banned 198.51.100.20 in smtpd until (\\S+)\n"));

            WardenProcess.Result byDefault = f.warden("ban", "smtpd", "2001:DB8::1");
            assertThat(byDefault.exitCode()).as(byDefault.stderr()).isZero();
            assertThat(byDefault.stdout()).startsWith("banned 2001:db8::1 in smtpd until ");
            assertThat(f.pfctlCalls()).containsExactly("-t bot -T add 198.51.100.20", "-t bot -T add 2001:db8::1");

            List<String> bans = f.warden("bans").stdoutLines();
            assertThat(bans).hasSize(2);
            String[] hour = bans.get(0).split("\t");
            assertThat(List.of(hour[0], hour[1], hour[4], hour[5]))
                    .containsExactly("smtpd", "198.51.100.20", "0", "manual");
            Instant start = Instant.parse(hour[2]);
            assertThat(start).as("bans by hand start on a whole second").isBetween(
                    before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), after);
            assertThat(Instant.parse(hour[3])).isEqualTo(end).isEqualTo(start.plus(Duration.ofHours(1)));
            String[] twoHours = bans.get(1).split("\t");
            assertThat(List.of(twoHours[0], twoHours[1], twoHours[4], twoHours[5]))
                    .containsExactly("smtpd", "2001:db8::1", "0", "manual");
            assertThat(Duration.between(Instant.parse(twoHours[2]), Instant.parse(twoHours[3])))
                    .isEqualTo(Duration.ofHours(2));

            // A shorter ban by hand does not shorten the one in force; a longer one lengthens it.
            WardenProcess.Result shorter = f.warden("ban", "smtpd", "2001:db8::1", "--for", "10m");
            assertThat(shorter.exitCode()).as(shorter.stderr()).isZero();
            assertThat(shorter.stdout()).isEqualTo("2001:db8::1 is already banned in smtpd until " + twoHours[3]
                    + ", which is not sooner: kept (unban it first to shorten it)\n");
            assertThat(f.warden("bans").stdoutLines()).containsExactlyElementsOf(bans);
            assertThat(f.pfctlCalls()).hasSize(2);
            WardenProcess.Result longer = f.warden("ban", "smtpd", "198.51.100.20", "--for", "1d");
            assertThat(longer.stdout()).startsWith("banned 198.51.100.20 in smtpd until ");
            assertThat(Instant.parse(single(longer.stdout(), "banned 198.51.100.20 in smtpd until (\\S+)\n")))
                    .isAfter(end.plus(Duration.ofHours(22)));
        }
    }

    @Test
    void banRefusesAnUnknownJailABadAddressAnIgnoredAddressAndABadDuration() throws Exception {
        try (DaemonProcess d = f.start()) {
            assertFails(f.warden("ban", "nosuchjail", "198.51.100.21"), 1,
                    "warden ban: no jail named 'nosuchjail'; jails: smtpd, sshd\n");
            assertFails(f.warden("ban", "smtpd", "999.1.1.1"), 2, "warden ban: not an IP address or network: '999.1.1.1'\n");
            // checked before connecting: the same answer where no daemon listens
            assertFails(f.warden("ban", "smtpd", "999.1.1.1", "--socket", dir.resolve("none.sock").toString()), 2,
                    "warden ban: not an IP address or network: '999.1.1.1'\n");
            assertFails(f.warden("ban", "smtpd", "192.0.2.5"), 1,
                    "warden ban: 192.0.2.5 is on jail smtpd's ignore list: not banned\n");
            assertFails(f.warden("ban", "smtpd", "198.51.100.21", "--for", "soon"), 2,
                    "warden: Invalid value for option '--for': 'soon' is not a duration such as 90s, 10m, 1h, 5d"
                            + " or 1w\n" + "Try 'warden ban --help'.\n");
            assertThat(f.pfctlCalls()).isEmpty();
            assertThat(f.warden("bans").stdout()).isEmpty();
            assertThat(d.isAlive()).isTrue();
        }
    }

    @Test
    void unbanLiftsTheBanInEveryJailOrOnlyInOne() throws Exception {
        try (DaemonProcess d = f.start()) {
            assertThat(f.warden("ban", "smtpd", "198.51.100.30").exitCode()).isZero();
            WardenProcess.Result unban = f.warden("unban", "198.51.100.30");
            assertThat(unban.stderr()).isEmpty();
            assertThat(unban.exitCode()).isZero();
            assertThat(unban.stdout()).isEqualTo("unbanned 198.51.100.30 in smtpd\n");
            assertThat(f.pfctlCalls()).containsExactly("-t bot -T add 198.51.100.30", "-t bot -T delete 198.51.100.30");
            assertFails(f.warden("unban", "198.51.100.30"), 1, "warden unban: 198.51.100.30 is not banned\n");
            assertThat(f.warden("bans").stdout()).isEmpty();

            // banned in both jails: --jail lifts it in that jail only, and from that jail's own table at once
            // (the jails use different tables, bot and bot-ssh; a shared table waits: DaemonLifecycleIT)
            assertThat(f.warden("ban", "smtpd", "198.51.100.31").exitCode()).isZero();
            assertThat(f.warden("ban", "sshd", "198.51.100.31").exitCode()).isZero();
            assertFails(f.warden("unban", "198.51.100.32", "--jail", "sshd"), 1,
                    "warden unban: 198.51.100.32 is not banned in jail sshd\n");
            WardenProcess.Result inSshd = f.warden("unban", "198.51.100.31", "--jail", "sshd");
            assertThat(inSshd.exitCode()).as(inSshd.stderr()).isZero();
            assertThat(inSshd.stdout()).isEqualTo("unbanned 198.51.100.31 in sshd\n");
            assertThat(f.warden("bans").stdoutLines()).singleElement().asString().startsWith("smtpd\t198.51.100.31\t");
            assertThat(f.pfctlCalls()).hasSize(5).endsWith("-t bot -T add 198.51.100.31",
                    "-t bot-ssh -T add 198.51.100.31", "-t bot-ssh -T delete 198.51.100.31");
            WardenProcess.Result everywhere = f.warden("unban", "198.51.100.31");
            assertThat(everywhere.exitCode()).as(everywhere.stderr()).isZero();
            assertThat(everywhere.stdout()).isEqualTo("unbanned 198.51.100.31 in smtpd\n");
            assertThat(f.pfctlCalls()).hasSize(6).endsWith("-t bot-ssh -T delete 198.51.100.31",
                    "-t bot -T delete 198.51.100.31");
            assertThat(f.warden("bans").stdout()).isEmpty();
        }
    }

    @Test
    void unbanAllLiftsEveryBanInForceOfOneJailOrOfAll() throws Exception {
        try (DaemonProcess d = f.start()) {
            for (String[] b : new String[][] {{"smtpd", "198.51.100.40"}, {"smtpd", "2001:db8::40"},
                    {"sshd", "198.51.100.41"}}) {
                assertThat(f.warden("ban", b[0], b[1]).exitCode()).isZero();
            }
            assertFails(f.warden("unban", "--all", "198.51.100.40"), 2, "warden unban: give an ADDRESS or --all\n");
            assertFails(f.warden("unban"), 2, "warden unban: give an ADDRESS or --all\n");
            WardenProcess.Result sshd = f.warden("unban", "--all", "--jail", "sshd");
            assertThat(sshd.exitCode()).as(sshd.stderr()).isZero();
            assertThat(sshd.stdout()).isEqualTo("unbanned 198.51.100.41 in sshd\n");
            assertFails(f.warden("unban", "--all", "--jail", "sshd"), 1, "warden unban: no bans in force in jail sshd\n");
            WardenProcess.Result all = f.warden("unban", "--all");
            assertThat(all.exitCode()).as(all.stderr()).isZero();
            assertThat(all.stdout()).isEqualTo("unbanned 198.51.100.40 in smtpd\nunbanned 2001:db8::40 in smtpd\n");
            assertThat(f.pfctlCalls()).endsWith("-t bot-ssh -T delete 198.51.100.41",
                    "-t bot -T delete 198.51.100.40 2001:db8::40");
            assertThat(f.warden("bans").stdout()).isEmpty();
            assertFails(f.warden("unban", "--all"), 1, "warden unban: no bans in force\n");
        }
    }

    @Test
    void withoutADaemonEveryControlCommandPrintsOneLineAndExits1() throws Exception {
        String noDaemon = "no daemon is listening on " + f.socket + "\n";
        assertFails(f.warden("status"), 1, "warden status: " + noDaemon);

        DaemonProcess d = f.start();
        d.kill9();
        assertThat(f.socket).exists(); // left behind: connecting to it is refused
        assertFails(f.warden("status"), 1, "warden status: " + noDaemon);
        assertFails(f.warden("bans"), 1, "warden bans: " + noDaemon);
        assertFails(f.warden("ban", "smtpd", "198.51.100.40"), 1, "warden ban: " + noDaemon);
        assertFails(f.warden("unban", "198.51.100.40"), 1, "warden unban: " + noDaemon);
        assertFails(f.warden("reload"), 1, "warden reload: " + noDaemon);
    }

    private static String fail(String address) {
        return "smtpd[1]: auth failed from " + address;
    }

    private static void assertFails(WardenProcess.Result r, int exitCode, String stderr) {
        assertThat(r.stderr()).isEqualTo(stderr);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.exitCode()).isEqualTo(exitCode);
    }

    private String statusJson(String jail, String log, long lines, long continuation, long overlong, long counted,
                              int tracked, long total, long ignored, int active, long bansTotal) {
        return "{\"name\":\"" + jail + "\",\"files\":[\"" + dir.resolve(log) + "\"],\"lines\":" + lines
                + ",\"continuationLines\":" + continuation + ",\"unreadableTimeLines\":0,\"overlongLines\":" + overlong
                + ",\"skippedLines\":0,\"failuresCounted\":" + counted + ",\"addressesTracked\":" + tracked
                + ",\"failuresTotal\":" + total + ",\"ignoredFailures\":" + ignored + ",\"unattributed\":0,"
                + "\"bansActive\":" + active + ",\"bansTotal\":" + bansTotal + "}";
    }

    private static String single(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.matches()).as(text).isTrue();
        return m.group(1);
    }
}
