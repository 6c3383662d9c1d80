package dev.warden.cli;

import dev.warden.core.spi.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code warden test-filter} end to end, asserted line by line against the annotated sample log. */
class CliTestFilterIT {

    private static final Path SAMPLE = WardenProcess.root()
            .resolve("filters/src/main/resources/warden-samples/opensmtpd.log");

    /** {@code LINE<TAB>ADDRESS} rows the sample's '# expect: fail' annotations promise. */
    static List<String> expectedTsv(Path sample) throws Exception {
        List<String> lines = Files.readAllLines(sample);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.startsWith("# expect: fail ")) {
                continue;
            }
            String[] f = l.substring("# expect: fail ".length()).trim().split("\\s+");
            int times = f.length > 1 ? Integer.parseInt(f[1].substring(1)) : 1;
            String addr = IpAddress.parse(f[0]).orElseThrow().toString();
            for (int k = 0; k < times; k++) {
                rows.add((i + 2) + "\t" + addr);
            }
        }
        return rows;
    }

    @Test
    void tsvMatchesTheSampleAnnotationsLineByLine(@TempDir Path dir) throws Exception {
        List<String> expected = expectedTsv(SAMPLE);
        assertThat(expected).hasSizeGreaterThan(10);
        WardenProcess.Result r = WardenProcess.run(dir, "test-filter", "opensmtpd", SAMPLE.toString(), "--tsv");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdoutLines()).containsExactlyElementsOf(expected);
    }

    @Test
    void summaryCountsWhatTheFilterFound(@TempDir Path dir) throws Exception {
        WardenProcess.Result r = WardenProcess.run(dir, "test-filter", "opensmtpd", SAMPLE.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        long lines = Files.readAllLines(SAMPLE).size();
        long fails = expectedTsv(SAMPLE).size();
        long failLines = expectedTsv(SAMPLE).stream().map(row -> row.split("\t")[0]).distinct().count();
        long unattributed = Files.readAllLines(SAMPLE).stream().filter(l -> l.startsWith("# expect: unattributed"))
                .count();
        assertThat(r.stdout()).containsPattern("Lines read: +" + lines + " ")
                .containsPattern("Failures: +" + fails + "\n")
                .containsPattern("Unattributed failures: +" + unattributed + "\n")
                .containsPattern("Lines with a failure: +" + (failLines + unattributed) + "\n")
                .contains("Top offenders:").contains("lines/s");
    }

    @Test
    void summaryShowsTimestampFormatsUntimedLinesAndTimeSpan(@TempDir Path dir) throws Exception {
        List<String> lines = Files.readAllLines(SAMPLE);
        // comments, and the sample's one header-less line, carry no RFC 3164 time
        long untimed = lines.stream().filter(l -> !l.matches("[A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d .*")).count();
        // those after the first timed line are withheld from the filter as continuation lines
        int firstTimed = lines.indexOf(lines.stream().filter(l -> l.matches("[A-Z][a-z]{2} .*")).findFirst().orElseThrow());
        long withheld = untimed - firstTimed;
        String first = lines.stream().filter(l -> !l.startsWith("#") && !l.isBlank()).findFirst().orElseThrow();
        WardenProcess.Result r = WardenProcess.run(dir, "test-filter", "opensmtpd", SAMPLE.toString(),
                "--now", "2026-12-31T00:00:00Z", "--timezone", "UTC");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(untimed).isGreaterThan(100);
        assertThat(r.stdout()).contains("(" + untimed + " without a readable time")
                .contains("Timestamp formats:     {RFC3164=" + (lines.size() - untimed) + ", NONE=" + untimed + "}")
                .contains("Lines withheld:        " + withheld + " continuation (no time of their own in a timed log),"
                        + " 0 with an unreadable time, 0 overlong (over 64 KiB)");
        assertThat(first).startsWith("Nov  7 10:00:00");
        assertThat(r.stdout()).containsPattern("Time span: +2026-11-07T10:00:00Z \\.\\. 2026-11-07T");
    }

    @Test
    void summaryShowsPatternHitsAndIgnoredLinesOfARegexJail(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("warden.yaml");
        Files.writeString(cfg, """
                jails:
                  vpn:
                    logs: [vpn.log]
                    filter:
                      type: regex
                      tag: vpnd
                      fail: ['auth failed from <ADDR>$', 'bad certificate from <ADDR>$']
                      ignore: ['from 192\\.0\\.2\\.250$']
                    actions: [log]
                """);
        Path log = dir.resolve("vpn.log");
        Files.writeString(log, String.join("\n",
                "Nov  7 10:00:00 gw vpnd[1]: auth failed from 192.0.2.1",
                "Nov  7 10:00:01 gw vpnd[1]: auth failed from 192.0.2.250",
                "Nov  7 10:00:02 gw vpnd[1]: bad certificate from 2001:db8::7",
                "Nov  7 10:00:03 gw vpnd[1]: connected from 192.0.2.1",
                "Nov  7 10:00:04 gw other[2]: auth failed from 192.0.2.9") + "\n");
        WardenProcess.Result r = WardenProcess.run(dir, "test-filter", "vpn", log.toString(), "-c", cfg.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).containsPattern("Failures: +2\n").containsPattern("Lines ignored: +1\n")
                .containsPattern("Pattern hits:\n +2  auth failed from <ADDR>\\$\n +1  bad certificate from <ADDR>\\$\n");
    }

    @Test
    void showMatchedAndMissedPrintTheFirstLinesOfEach(@TempDir Path dir) throws Exception {
        List<String> expected = expectedTsv(SAMPLE);
        WardenProcess.Result r = WardenProcess.run(dir, "test-filter", "opensmtpd", SAMPLE.toString(),
                "--show-matched=2", "--show-missed");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<String> out = r.stdoutLines();
        int m = out.indexOf("Matched lines (first 2):");
        assertThat(m).isNotNegative();
        String firstFailLine = expected.get(0).split("\t")[0];
        assertThat(out.get(m + 1)).startsWith("  " + firstFailLine + ": ").contains("result=permfail");
        int x = out.indexOf("Missed lines (first 20):");
        assertThat(x).isEqualTo(m + 3);
        assertThat(out.subList(x + 1, x + 21)).allSatisfy(l -> assertThat(l).doesNotContain("# expect"));
    }

    /**
     * Log lines are partly written by clients: shown raw, a user name could clear the screen, retitle the
     * window or reorder the text. The samples print them escaped; the TSV prints no log text at all.
     */
    @Test
    void logTextIsPrintedEscapedAndTheTsvCarriesNone(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("auth.log");
        Files.writeString(log, String.join("\n",
                "Nov  7 10:00:00 gw sshd[1]: Invalid user \u001b]0;owned\u0007\u001b[2J from 192.0.2.1 port 22",
                "Nov  7 10:00:01 gw sshd[2]: Failed password for invalid user a\tb\r\u202e\\ from 192.0.2.2 port 22 ssh2",
                "Nov  7 10:00:02 gw sshd[3]: Connection from 192.0.2.3 port 1\u001b[31m on 10.0.0.1\u007f port 22",
                "Nov  7 10:00:03 gw sshd[4]: Invalid user x\t99\t198.51.100.66 from 192.0.2.4 port 22") + "\n",
                java.nio.charset.StandardCharsets.UTF_8);
        WardenProcess.Result r = WardenProcess.run(dir, "test-filter", "sshd", log.toString(),
                "--show-matched", "--show-missed");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().chars().filter(c -> c < 0x20 && c != '\n' || c >= 0x7f && c <= 0x9f || c == 0x202e))
                .as(r.stdout()).isEmpty();
        assertThat(r.stdoutLines()).contains(
                "  1: Nov  7 10:00:00 gw sshd[1]: Invalid user \\x1b]0;owned\\x07\\x1b[2J from 192.0.2.1 port 22",
                "  2: Nov  7 10:00:01 gw sshd[2]: Failed password for invalid user a\\tb\\r\\u202e\\\\ from 192.0.2.2 "
                        + "port 22 ssh2",
                "  3: Nov  7 10:00:02 gw sshd[3]: Connection from 192.0.2.3 port 1\\x1b[31m on 10.0.0.1\\x7f port 22");

        WardenProcess.Result tsv = WardenProcess.run(dir, "test-filter", "sshd", log.toString(), "--tsv");
        assertThat(tsv.exitCode()).as(tsv.stderr()).isZero();
        assertThat(tsv.stdoutLines()).containsExactly("1\t192.0.2.1", "2\t192.0.2.2", "4\t192.0.2.4");
    }

    @Test
    void aJailNameUsesTheJailsFilterEvenWhenItsOwnLogsAreElsewhere(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("warden.yaml");
        Files.writeString(cfg, """
                jails:
                  dovecot:
                    logs: [/nonexistent/maillog]
                    filter:
                      type: regex
                      tag: dovecot
                      fail: ['imap-login: .*auth failed, \\d+ attempts .* rip=<ADDR>,']
                    actions: [log]
                """);
        Path log = dir.resolve("test.log");
        Files.writeString(log, "Nov  7 10:00:00 mail dovecot: imap-login: Disconnected (auth failed, 3 attempts"
                + " in 6 secs): user=<a@example.org>, rip=192.0.2.9, lip=192.0.2.25\n"
                + "Nov  7 10:00:01 mail other: auth failed, 3 attempts x rip=192.0.2.8,\n");
        WardenProcess.Result r = WardenProcess.run(dir, "test-filter", "dovecot", log.toString(), "-c", cfg.toString(),
                "--tsv");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdoutLines()).containsExactly("1\t192.0.2.9");
        assertThat(r.stderr()).contains("warning: ").contains("/nonexistent/maillog").doesNotContain("warning: " + cfg
                + ":4: jails.dovecot.logs[0]: warning:");
        WardenProcess.Result none = WardenProcess.run(dir, "test-filter", "nosuch", log.toString(), "-c", cfg.toString());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.stderr()).contains("neither a filter").contains("dovecot");
    }

    @Test
    void unknownFilterAndBadOptionsExit2(@TempDir Path dir) throws Exception {
        WardenProcess.Result r = WardenProcess.run(dir, "test-filter", "nosuch", SAMPLE.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("unknown filter 'nosuch'").contains("opensmtpd");
        WardenProcess.Result o = WardenProcess.run(dir, "test-filter", "opensmtpd", SAMPLE.toString(),
                "--set", "max-sessions=lots");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.stderr()).contains("max-sessions");
    }
}
