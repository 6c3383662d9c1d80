package dev.warden.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code warden scan} end to end: the real jar, a config, a log, a fake pfctl. */
class ScanIT {

    @Test
    void demoFromTheReadmePrintsTheBans() throws Exception {
        WardenProcess.Result r = WardenProcess.run(WardenProcess.root(), "scan", "-c", "config-examples/demo.yaml",
                "--dry-run", "--now", "2026-11-07T12:00:00Z");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdoutLines()).hasSize(2);
        assertThat(r.stdoutLines().get(0)).matches("smtpd-auth\t2001:db8:bad::77\t11\t2026-11-12T06:\\d\\d:\\d\\dZ");
        assertThat(r.stdoutLines().get(1)).matches("smtpd-auth\t203\\.0\\.113\\.45\t11\t2026-11-12T06:\\d\\d:\\d\\dZ");
        assertThat(r.stderr()).contains("would ban 203.0.113.45").contains("would ban 2001:db8:bad::77")
                .doesNotContain("192.0.2.10").doesNotContain("198.51.100.9");
        assertThat(r.stderrLines()).as("one SLF4J provider in the jar, Warden's: no SLF4J notice, every line ours")
                .allMatch(l -> l.startsWith("config-examples/demo.yaml:")
                        || l.matches("\\d{4}-\\d\\d-\\d\\dT\\S+Z INFO  \\[smtpd-auth\\] .*"));
    }

    private static Path config(Path dir, String pfctl, String extraJailKeys) throws Exception {
        Path log = dir.resolve("maillog");
        StringBuilder sb = new StringBuilder();
        sb.append(session("0000000000000001", "203.0.113.5", 3, 0));
        sb.append(session("0000000000000002", "IPv6:2001:db8::bad", 3, 10));
        sb.append(session("0000000000000003", "[2001:db8::beef]", 2, 20));
        sb.append(session("0000000000000004", "192.0.2.10", 5, 30));
        sb.append(session("0000000000000005", "::ffff:198.51.100.3", 3, 40));
        Files.writeString(log, sb.toString());
        Path ignore = dir.resolve("ignore.txt");
        Files.writeString(ignore, "# monitoring\n192.0.2.0/28   # whole range\n");
        Path cfg = dir.resolve("warden.yaml");
        Files.writeString(cfg, """
                ignore-files: [ignore.txt]
                state-dir: state
                jails:
                  smtpd-auth:
                    logs: [maillog]
                    filter: opensmtpd
                    max-retry: 3
                    find-time: 1h
                    ban-time: 1d
                %s    actions:
                      - type: pf
                        table: bot
                        pfctl: %s
                """.formatted(extraJailKeys, pfctl));
        return cfg;
    }

    private static String session(String id, String address, int fails, int minute) {
        StringBuilder sb = new StringBuilder();
        String t = String.format("Nov  7 10:%02d:", minute);
        sb.append(t).append("00 mail smtpd[1]: ").append(id).append(" smtp connected address=").append(address)
                .append(" host=<unknown>\n");
        for (int i = 0; i < fails; i++) {
            sb.append(t).append(String.format("%02d", i + 1)).append(" mail smtpd[1]: ").append(id)
                    .append(" smtp authentication user=admin result=permfail\n");
        }
        sb.append(t).append("59 mail smtpd[1]: ").append(id).append(" smtp disconnected reason=quit\n");
        return sb.toString();
    }

    @Test
    void loopbackAndThisHostsOwnAddressesAreNeverBannedUnlessIgnoreSelfIsOff(@TempDir Path dir) throws Exception {
        String own = ownIpv4();   // an address of one of this machine's interfaces, as the daemon will find it
        Path log = dir.resolve("maillog");
        Files.writeString(log, session("00000000000000a1", "127.0.0.1", 3, 0) + session("00000000000000a2", "[::1]", 3, 1)
                + session("00000000000000a3", own, 3, 2) + session("00000000000000a4", "203.0.113.5", 3, 3));
        Path pfctl = WardenProcess.fakePfctl(dir);
        for (String ignoreSelf : new String[] {"", "ignore-self: false\n"}) {
            Files.writeString(dir.resolve("warden.yaml"), ignoreSelf + """
                    jails:
                      smtpd-auth:
                        logs: [maillog]
                        filter: opensmtpd
                        max-retry: 3
                        ban-time: 1d
                        actions: [{type: pf, table: bot, pfctl: '%s'}]
                    """.formatted(pfctl));
            WardenProcess.Result r = WardenProcess.run(dir, "scan", "--no-state", "-c", "warden.yaml",
                    "--now", "2026-11-07T12:00:00Z");
            assertThat(r.exitCode()).as(r.stderr()).isZero();
        }
        assertThat(WardenProcess.pfctlCalls(dir)).containsExactly(
                "-t bot -T add 203.0.113.5",
                "-t bot -T add 127.0.0.1 ::1 " + own + " 203.0.113.5");
    }

    /** The first non-loopback IPv4 address of this machine's interfaces, or a skip when it has none. */
    private static String ownIpv4() throws Exception {
        for (java.net.NetworkInterface nif : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (java.net.InetAddress a : java.util.Collections.list(nif.getInetAddresses())) {
                if (a instanceof java.net.Inet4Address && !a.isLoopbackAddress()) {
                    return a.getHostAddress();
                }
            }
        }
        org.junit.jupiter.api.Assumptions.abort("this machine has no IPv4 address but loopback");
        return null;
    }

    @Test
    void bansGoToPfctlInOneBatchAndIgnoredAddressesNever(@TempDir Path dir) throws Exception {
        Path pfctl = WardenProcess.fakePfctl(dir);
        Path cfg = config(dir, pfctl.toString(), "");
        WardenProcess.Result r = WardenProcess.run(dir, "scan", "-c", cfg.toString(), "--now", "2026-11-07T12:00:00Z");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(WardenProcess.pfctlCalls(dir))
                .containsExactly("-t bot -T add 203.0.113.5 2001:db8::bad 198.51.100.3");
        assertThat(r.stdoutLines()).containsExactly(
                "smtpd-auth\t203.0.113.5\t3\t2026-11-08T10:00:03Z",
                "smtpd-auth\t2001:db8::bad\t3\t2026-11-08T10:10:03Z",
                "smtpd-auth\t198.51.100.3\t3\t2026-11-08T10:40:03Z");
    }

    @Test
    void theNextScanLiftsTheBansThatEndedAndReadsOnlyNewLines(@TempDir Path dir) throws Exception {
        Path pfctl = WardenProcess.fakePfctl(dir);
        Path cfg = config(dir, pfctl.toString(), "");
        WardenProcess.Result first = WardenProcess.run(dir, "scan", "-c", cfg.toString(), "--now",
                "2026-11-07T12:00:00Z");
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(Files.readString(dir.resolve("state/state"))).contains("ban smtpd-auth 203.0.113.5 ");
        WardenProcess.Result r = WardenProcess.run(dir, "scan", "-c", cfg.toString(), "--now", "2026-11-09T12:00:00Z");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains("[smtpd-auth] 1 file(s), 0 lines");
        assertThat(WardenProcess.pfctlCalls(dir)).containsExactly(
                "-t bot -T add 203.0.113.5 2001:db8::bad 198.51.100.3",
                "-t bot -T delete 203.0.113.5 2001:db8::bad 198.51.100.3");
    }

    @Test
    void historyReadByAFirstScanAppliesNoBanThatAlreadyEnded(@TempDir Path dir) throws Exception {
        Path pfctl = WardenProcess.fakePfctl(dir);
        Path cfg = config(dir, pfctl.toString(), "");
        WardenProcess.Result r = WardenProcess.run(dir, "scan", "-c", cfg.toString(), "--now", "2026-11-09T12:00:00Z");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEmpty();
        assertThat(WardenProcess.pfctlCalls(dir)).isEmpty();
        WardenProcess.Result stateless = WardenProcess.run(dir, "scan", "-c", cfg.toString(), "--no-state", "--now",
                "2026-11-09T12:00:00Z");
        assertThat(stateless.exitCode()).as(stateless.stderr()).isZero();
        assertThat(WardenProcess.pfctlCalls(dir)).as("without state, ended bans are lifted like the awk script's"
                + " expire").containsExactly("-t bot -T delete 203.0.113.5 2001:db8::bad 198.51.100.3");
    }

    @Test
    void aFailingPfctlIsReportedWithItsStderrAndExitCode3(@TempDir Path dir) throws Exception {
        Path pfctl = WardenProcess.fakePfctl(dir);
        Files.createFile(dir.resolve("fail"));
        Path cfg = config(dir, pfctl.toString(), "");
        WardenProcess.Result r = WardenProcess.run(dir, "scan", "-c", cfg.toString(), "--now", "2026-11-07T12:00:00Z");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stderr()).contains("Table does not exist");
        assertThat(WardenProcess.pfctlCalls(dir)).hasSize(1);
    }

    @Test
    void givenFilesReplaceTheJailsLogsWhichThenNeedNotExist(@TempDir Path dir) throws Exception {
        Path pfctl = WardenProcess.fakePfctl(dir);
        Path cfg = config(dir, pfctl.toString(), "");
        Path elsewhere = dir.resolve("maillog.0");
        Files.move(dir.resolve("maillog"), elsewhere);
        WardenProcess.Result r = WardenProcess.run(dir, "scan", "-c", cfg.toString(), "--jail", "smtpd-auth",
                "--dry-run", "--now", "2026-11-07T12:00:00Z", elsewhere.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdoutLines()).hasSize(3);
        assertThat(r.stderr()).contains("warning: ").contains("log file not found");
        WardenProcess.Result without = WardenProcess.run(dir, "scan", "-c", cfg.toString(), "--dry-run");
        assertThat(without.exitCode()).as("without LOGFILE, a missing log is a warning: nothing to read")
                .isZero();
        assertThat(without.stdout()).isEmpty();
        assertThat(without.stderr()).contains("warning: ").contains("log file not found: " + dir.resolve("maillog")
                + " (read once it appears)");
    }

    @Test
    void anAddressAnotherJailStillBansIsNotUnbanned(@TempDir Path dir) throws Exception {
        Path pfctl = WardenProcess.fakePfctl(dir);
        Files.writeString(dir.resolve("maillog"), session("00000000000000aa", "203.0.113.5", 3, 0));
        Path cfg = dir.resolve("warden.yaml");
        String jail = """
                  %s:
                    logs: [maillog]
                    filter: opensmtpd
                    max-retry: 3
                    ban-time: %s
                    actions: [{type: pf, table: bot, pfctl: %s}]
                """;
        Files.writeString(cfg, "state-dir: state\njails:\n" + jail.formatted("short", "1h", pfctl)
                + jail.formatted("long", "5d", pfctl));
        WardenProcess.Result r = WardenProcess.run(dir, "scan", "-c", cfg.toString(), "--now", "2026-11-07T10:30:00Z");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdoutLines()).containsExactly("long\t203.0.113.5\t3\t2026-11-12T10:00:03Z",
                "short\t203.0.113.5\t3\t2026-11-07T11:00:03Z");
        r = WardenProcess.run(dir, "scan", "-c", cfg.toString(), "--now", "2026-11-08T10:00:00Z");
        assertThat(r.stdoutLines()).containsExactly("long\t203.0.113.5\t3\t2026-11-12T10:00:03Z");
        assertThat(WardenProcess.pfctlCalls(dir)).as("the short jail's ended ban must not delete it")
                .containsExactly("-t bot -T add 203.0.113.5", "-t bot -T add 203.0.113.5",
                        "-t bot -T add 203.0.113.5");
        r = WardenProcess.run(dir, "scan", "-c", cfg.toString(), "--now", "2026-11-13T10:00:00Z");
        assertThat(r.stdoutLines()).isEmpty();
        assertThat(WardenProcess.pfctlCalls(dir)).as("once no jail bans it, both jails lift it").endsWith(
                "-t bot -T delete 203.0.113.5", "-t bot -T delete 203.0.113.5");
    }

    @Test
    void givenFilesNeedExactlyOneJail(@TempDir Path dir) throws Exception {
        Path cfg = config(dir, "/sbin/pfctl", "");
        WardenProcess.Result r = WardenProcess.run(dir, "scan", "-c", cfg.toString(), dir.resolve("maillog").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("exactly one --jail");
    }

    @Test
    void versionAndHelp(@TempDir Path dir) throws Exception {
        WardenProcess.Result v = WardenProcess.run(dir, "--version");
        assertThat(v.exitCode()).isZero();
        assertThat(v.stdout()).startsWith("warden ");
        for (String cmd : new String[] {"scan", "validate", "test-filter"}) {
            WardenProcess.Result h = WardenProcess.run(dir, cmd, "--help");
            assertThat(h.exitCode()).isZero();
            assertThat(h.stdout()).contains("Usage: warden " + cmd);
        }
    }
}
