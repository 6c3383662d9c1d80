package dev.warden.core.log;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * fail2ban's own annotated test logs ({@code ../shared/conformance/fail2ban}, skipped when absent): every line
 * has a readable time, and where fail2ban's annotation gives the time ({@code "time": "2013-07-29T02:12:55"},
 * local time in Europe/Zurich, the zone its tests run in), it is the time read. RFC 3164 lines have no year,
 * and fail2ban's tests infer it against another "now": their year is not compared. TAI64N: fail2ban takes the
 * label as UTC seconds; daemontools (and Warden) count TAI as UTC + 10 s, so 10 s earlier.
 */
class Fail2banLogTimesTest {

    private static final Path DIR = Path.of("").toAbsolutePath().getParent().resolveSibling("shared")
            .resolve("conformance").resolve("fail2ban");
    private static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");
    private static final Pattern TIME = Pattern.compile("\"time\": *\"(\\d{4})-(\\d\\d?)-(\\d\\d?)T(\\d\\d):(\\d\\d):(\\d\\d)");

    @ParameterizedTest
    @ValueSource(strings = {"apache-auth", "dovecot", "exim", "nginx-http-auth", "nginx-limit-req", "postfix",
        "pure-ftpd", "sendmail-auth"})
    void everyLineHasTheTimeFail2banExpects(String name) throws IOException {
        Path file = DIR.resolve(name);
        Assumptions.assumeTrue(Files.isReadable(file), "no " + file);
        SyslogHeaderParser p = new SyslogHeaderParser(Instant.parse("2026-12-31T12:00:00Z"), ZURICH);
        List<String> problems = new ArrayList<>();
        int compared = 0;
        String expected = null;
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            if (line.startsWith("#")) {
                Matcher m = TIME.matcher(line);
                expected = line.contains("failJSON") ? (m.find() ? m.group() : null) : expected;
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            MutableLogLine l = FramedLine.parse(p, line);
            if (!l.hasTime()) {
                problems.add(n + ": no time: " + line);
            } else if (expected != null) {
                Matcher m = TIME.matcher(expected);
                m.find();
                LocalDateTime want = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                        Integer.parseInt(m.group(6)));
                Instant read = Instant.ofEpochMilli(l.epochMillis());
                if (p.lastFormat() == TimeFormat.TAI64N) {
                    read = read.plusSeconds(10);
                }
                LocalDateTime got = LocalDateTime.ofInstant(read, ZURICH).withNano(0);
                if (p.lastFormat() == TimeFormat.RFC3164) {
                    got = got.withYear(want.getYear());
                }
                if (!got.equals(want)) {
                    problems.add(n + ": " + p.lastFormat() + " read " + got + ", fail2ban expects " + want + ": " + line);
                }
                compared++;
            }
            expected = null;
        }
        assertThat(problems).as(name).isEmpty();
        assertThat(compared).as("annotated times compared in " + name).isPositive();
    }
}
