package dev.warden.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 through the real program and a fake pfctl: an IPv6 bot rotating through the addresses of one /64 is
 * counted and banned as the /64 under {@code ipv6-prefix: 64} (its states killed with {@code kill-states}), not
 * at all under the default, and an ignored address never counts; the daemon lists, saves and lifts the prefix.
 */
class PrefixBanIT {

    /** One OpenSMTPD session from {@code address} with one failed AUTH, at minute {@code minute}. */
    private static String session(int id, String address, int minute) {
        String t = String.format("Nov  7 10:%02d:", minute);
        String sid = String.format("%016x", id);
        return t + "00 mail smtpd[1]: " + sid + " smtp connected address=" + address + " host=<unknown>\n"
                + t + "01 mail smtpd[1]: " + sid + " smtp authentication user=admin result=permfail\n"
                + t + "02 mail smtpd[1]: " + sid + " smtp disconnected reason=quit\n";
    }

    /** Five addresses of 2001:db8:1:2::/64 (one of them written IPv4-style), one failure each. */
    private static String rotatingBot() {
        StringBuilder sb = new StringBuilder();
        String[] addresses = {"2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2::3", "2001:db8:1:2:a:b:c:d",
                "2001:db8:1:2:ffff::9"};
        for (int i = 0; i < addresses.length; i++) {
            sb.append(session(i + 1, addresses[i], i));
        }
        return sb.toString();
    }

    private static Path config(Path dir, String topLevel, String jailKeys) throws Exception {
        Path pfctl = WardenProcess.fakePfctl(dir);
        return Files.writeString(dir.resolve("warden.yaml"), topLevel + """
                jails:
                  smtpd:
                    logs: [maillog]
                    filter: opensmtpd
                    max-retry: 3
                    find-time: 1h
                    ban-time: 1d
                    timezone: UTC
                %s    actions: [{type: pf, table: bot, pfctl: %s, kill-states: true}]
                """.formatted(jailKeys, pfctl));
    }

    private static WardenProcess.Result scan(Path dir) throws Exception {
        WardenProcess.Result r = WardenProcess.run(dir, "scan", "--no-state", "-c", "warden.yaml",
                "--now", "2026-11-07T12:00:00Z");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r;
    }

    @Test
    void fiveAddressesOfOneSlash64WithOneFailureEachAreOneBanOfTheSlash64AndItsStatesAreKilled(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("maillog"), rotatingBot());
        config(dir, "", "    ipv6-prefix: 64\n");

        WardenProcess.Result r = scan(dir);

        assertThat(WardenProcess.pfctlCalls(dir)).containsExactly(
                "-t bot -T add 2001:db8:1:2::/64",
                "-k 2001:db8:1:2::/64");
        assertThat(r.stdoutLines()).containsExactly("smtpd\t2001:db8:1:2::/64\t3\t2026-11-08T10:02:01Z");
    }

    @Test
    void theTopLevelPrefixIsTheJailsDefault(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("maillog"), rotatingBot());
        config(dir, "ipv6-prefix: 64\n", "");

        scan(dir);

        assertThat(WardenProcess.pfctlCalls(dir)).containsExactly(
                "-t bot -T add 2001:db8:1:2::/64", "-k 2001:db8:1:2::/64");
    }

    @Test
    void theSameLogUnderTheDefaultBansNothing(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("maillog"), rotatingBot());
        config(dir, "", "");

        WardenProcess.Result r = scan(dir);

        assertThat(WardenProcess.pfctlCalls(dir)).isEmpty();
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void anIgnoredAddressInsideThePrefixDoesNotCount(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("maillog"), session(1, "2001:db8:1:2::1", 0) + session(2, "2001:db8:1:2::2", 1)
                + session(3, "2001:db8:1:2::3", 2));
        config(dir, "ignore: [\"2001:db8:1:2::3\"]\n", "    ipv6-prefix: 64\n");

        WardenProcess.Result r = scan(dir);

        assertThat(WardenProcess.pfctlCalls(dir)).as("two counted failures are not three").isEmpty();
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void aPrefixHoldingAnIgnoredAddressIsCountedAddressByAddressAndNeverBannedWhole(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("maillog"), rotatingBot() + session(6, "2001:db8:1:2::7", 10)
                + session(7, "2001:db8:1:2::7", 11) + session(8, "2001:db8:1:2::7", 12));
        config(dir, "ignore: [\"2001:db8:1:2::3\"]\n", "    ipv6-prefix: 64\n");

        scan(dir);

        assertThat(WardenProcess.pfctlCalls(dir)).as("the /64 would block the ignored ::3").containsExactly(
                "-t bot -T add 2001:db8:1:2::7", "-k 2001:db8:1:2::7");
    }

    @Test
    void theDaemonListsSavesAndLiftsThePrefixAndBansOneByHand(@TempDir Path dir) throws Exception {
        try (DaemonFixture f = DaemonFixture.in(dir)) {
            f.config("""
                    jails:
                      smtpd:
                        logs: [maillog]
                        filter: opensmtpd
                        max-retry: 3
                        find-time: 1h
                        ban-time: 1h
                        ipv6-prefix: 64
                        actions: [{type: pf, table: bot, pfctl: PFCTL, kill-states: true}]
                    """);
            try (DaemonProcess d = f.start()) {
                Instant now = DaemonFixture.thisSecond();
                for (int i = 1; i <= 3; i++) {
                    String sid = String.format("%016x", i);
                    f.append("maillog", now, "smtpd[1]: " + sid + " smtp connected address=2001:db8:1:2::" + i
                            + " host=<unknown>", "smtpd[1]: " + sid + " smtp authentication user=a result=permfail");
                }
                assertThat(f.awaitPfctlCalls(2)).containsExactly(
                        "-t bot -T add 2001:db8:1:2::/64", "-k 2001:db8:1:2::/64");

                WardenProcess.Result bans = f.warden("bans");
                assertThat(bans.stdoutLines()).singleElement().asString().startsWith("smtpd\t2001:db8:1:2::/64\t");
                assertThat(f.warden("status", "smtpd").stdout()).contains("2001:db8:1:2::/64");

                WardenProcess.Result unban = f.warden("unban", "2001:db8:1:2::99");
                assertThat(unban.exitCode()).as(unban.stderr()).isZero();
                assertThat(unban.stdout()).isEqualTo(
                        "unbanned 2001:db8:1:2::/64 in smtpd (the banned network holding 2001:db8:1:2::99)\n");
                assertThat(f.pfctlCalls()).endsWith("-t bot -T delete 2001:db8:1:2::/64");

                WardenProcess.Result ban = f.warden("ban", "smtpd", "198.51.100.77/24", "--for", "1h");
                assertThat(ban.exitCode()).as(ban.stderr()).isZero();
                assertThat(ban.stdout()).startsWith("banned 198.51.100.0/24 in smtpd until ");
                assertThat(f.pfctlCalls().subList(3, 5)).containsExactly(
                        "-t bot -T add 198.51.100.0/24", "-k 198.51.100.0/24");
                assertThat(d.stop()).isZero();
            }
            assertThat(f.stateFile()).startsWith("warden-state 5\n").contains("\nban smtpd 198.51.100.0/24 ")
                    .contains("\ncount smtpd 2001:db8:1:2::/64 1 ");
            List<String> lines = f.stateFile().lines().filter(l -> l.startsWith("ban ")).toList();
            assertThat(lines).hasSize(1);
        }
    }
}
