package dev.warden.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16's acceptance for time: nginx error-log failures a day apart under {@code find-time: 10m} ban nobody,
 * through {@code scan} (with and without state) and {@code run}, while three within ten minutes do; a line
 * whose time cannot be read is withheld and counted (scan's summary, status, metrics), never given the
 * previous line's time or the time it was read. Before nginx's time was read, every such line took the time
 * it was read, and the three failures a day apart were banned.
 */
class LogTimesIT extends WithDaemonFixture {

    private static final DateTimeFormatter NGINX = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** A jail whose pattern is anchored at the message: it matches only when the date was stripped. */
    private static final String JAIL = """
            jails:
              nginx:
                logs: [error.log]
                filter: {type: regex, fail: ['^\\[error\\] \\d+#\\d+: \\*\\d+ user "[^"]*" was not found in "[^"]*", client: <ADDR>,']}
                max-retry: 3
                find-time: 10m
                ban-time: 1h
                timezone: UTC
                actions: [{type: pf, table: bot, pfctl: PFCTL}]
            """;

    /** nginx's error-log line for a failed basic-auth user, as in fail2ban's nginx-http-auth test log. */
    private static String failure(Instant at, String address, int request) {
        return NGINX.format(at) + " [error] 2865#0: *" + request + " user \"xyz\" was not found in"
                + " \"/etc/nginx/htpasswd\", client: " + address + ", server: example.com, request: \"GET /admin"
                + " HTTP/1.1\", host: \"example.com\"\n";
    }

    private void log(String text) throws Exception {
        Files.writeString(dir.resolve("error.log"), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** Three failures of .7 a day apart, three of .8 within two seconds, one of .9 with a date that does not exist. */
    private String corpus(Instant last) {
        return failure(last.minus(Duration.ofDays(2)), "192.0.2.7", 1)
                + failure(last.minus(Duration.ofDays(1)), "192.0.2.7", 2)
                + failure(last, "192.0.2.7", 3)
                + failure(last, "192.0.2.8", 4) + failure(last.plusSeconds(1), "192.0.2.8", 5)
                + failure(last.plusSeconds(2), "192.0.2.8", 6)
                + failure(last, "192.0.2.9", 7).replaceFirst("^\\d{4}/\\d\\d/\\d\\d", "2026/12/40");
    }

    @Test
    void scanWithAndWithoutStateBansOnlyTheFailuresWithinFindTime() throws Exception {
        f.config(JAIL);
        log(corpus(Instant.parse("2026-12-06T20:00:00Z")));
        for (String mode : new String[] {"--no-state", "--dry-run", ""}) {
            WardenProcess.Result r = mode.isEmpty()
                    ? f.warden("scan", "--now", "2026-12-06T20:30:00Z")
                    : f.warden("scan", mode, "--now", "2026-12-06T20:30:00Z");
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.stdoutLines()).as(mode).containsExactly("nginx\t192.0.2.8\t3\t2026-12-06T21:00:02Z");
            assertThat(r.stderr()).as(mode).contains("[nginx] 1 file(s), 7 lines, 6 failures")
                    .contains("[nginx] 1 line(s) withheld: their time could not be read");
        }
        assertThat(WardenProcess.pfctlCalls(dir)).containsExactly("-t bot -T add 192.0.2.8", "-t bot -T add 192.0.2.8");
    }

    @Test
    void theDaemonBansOnlyTheFailuresWithinFindTimeAndCountsTheUnreadableTime() throws Exception {
        f.config(JAIL);
        try (DaemonProcess d = f.start()) {
            log(corpus(DaemonFixture.thisSecond()));
            assertThat(DaemonProcess.await(Duration.ofSeconds(30), () -> {
                try {
                    return WardenProcess.pfctlCalls(dir).contains("-t bot -T add 192.0.2.8");
                } catch (Exception e) {
                    return false;
                }
            })).as(d.stderr()).isTrue();
            String status = f.awaitStatus("\"lines\":7", "\"unreadableTimeLines\":1");
            assertThat(status).contains("\"lines\":7", "\"continuationLines\":0", "\"unreadableTimeLines\":1",
                    "\"failuresTotal\":6", "\"bansTotal\":1");
            assertThat(WardenProcess.pfctlCalls(dir)).containsExactly("-t bot -T add 192.0.2.8");
            assertThat(f.warden("status").stdout()).contains("1 with an unreadable time withheld");
            assertThat(f.warden("metrics").stdout())
                    .contains("warden_lines_withheld_total{jail=\"nginx\",reason=\"unreadable-time\"} 1.0\n");
            assertThat(d.stop()).isZero();
        }
    }

    @Test
    void testFilterNamesTheFormatsItSawAndShowsTheUnreadableLines() throws Exception {
        f.config(JAIL);
        log("Dec  6 19:02:25 srv nginx: " + failure(Instant.parse("2026-12-06T19:02:25Z"), "192.0.2.5", 1)
                + corpus(Instant.parse("2026-12-06T20:00:00Z")));
        WardenProcess.Result r = f.warden("test-filter", "nginx", dir.resolve("error.log").toString(),
                "--now", "2026-12-07T00:00:00Z");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("Timestamp formats:     {RFC3164=1, NGINX=6, NONE=1}")
                .contains("  RFC3164                 1  like \"Dec  6 19:02:25\"")
                .contains("  NGINX                   6  like \"2026/12/06 19:02:25\"")
                .contains("1 with an unreadable time")
                .contains("Unreadable times (first 1 of 1;")
                .contains("  8: 2026/12/40 20:00:00 [error] 2865#0: *7 user")
                .contains("Failures:              7");
        WardenProcess.Result custom = f.warden("test-filter", "nginx", dir.resolve("error.log").toString(),
                "--now", "2026-12-07T00:00:00Z", "--time-format", "%Y/%m/%d %H:%M:%S");
        assertThat(custom.stdout()).contains("Timestamp formats:     {CUSTOM=6, NONE=2}")
                .contains("Unreadable times (first 2 of 2;")
                .contains("  1: Dec  6 19:02:25 srv nginx: ");
        WardenProcess.Result bad = f.warden("test-filter", "nginx", dir.resolve("error.log").toString(),
                "--time-format", "%Y/%m/%d %H:%M:%Q");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("--time-format: time-format \"%Y/%m/%d %H:%M:%Q\": unknown directive %Q");
    }

    @Test
    void aJailsTimeFormatIsUsedByTestFilterAndABadOneIsRefusedWithItsLine() throws Exception {
        f.config(JAIL.replace("    timezone: UTC\n", "    timezone: UTC\n    time-format: \"%Y/%m/%d %H:%M:%S\"\n"));
        log(corpus(Instant.parse("2026-12-06T20:00:00Z")));
        WardenProcess.Result r = f.warden("test-filter", "nginx", dir.resolve("error.log").toString(),
                "--now", "2026-12-07T00:00:00Z");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("Timestamp formats:     {CUSTOM=6, NONE=1}");
        f.config(JAIL.replace("    timezone: UTC\n", "    timezone: Mars/Olympus\n    time-format: \"%Y/%m/%d %H:%M:%Q\"\n"));
        WardenProcess.Result bad = f.warden("validate");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains(f.config + ":" + f.configLine("Mars/Olympus")
                        + ": jails.nginx.timezone: unknown time zone \"Mars/Olympus\"")
                .contains(f.config + ":" + f.configLine("time-format") + ": jails.nginx.time-format: time-format"
                        + " \"%Y/%m/%d %H:%M:%Q\": unknown directive %Q");
    }
}
