package dev.warden.core.log;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated instants written in each built-in shape (by {@link DateTimeFormatter}, not by our code) and read
 * back: the same instant at the shape's precision, at the start of a line, after a syslog header without a
 * time, and with the header around it. Times without a zone are written in a generated zone and read in it;
 * a wall-clock time a change of offset repeats is read with the earlier offset, as {@code java.time} does.
 */
class TimeShapesPropertyTest {

    /** 2000-01-01 .. 2099-12-31: every shape can write these (MySQL's two-digit years included). */
    private static final long MIN = 946_684_800L;
    private static final long MAX = 4_102_444_799L;
    private static final Instant REF = Instant.parse("2027-01-15T00:00:00Z");

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of("UTC", "Europe/Zurich", "America/New_York", "Asia/Kolkata", "Australia/Adelaide",
                "America/St_Johns", "Pacific/Chatham").map(ZoneId::of);
    }

    @Provide
    Arbitrary<String> prefixes() {
        return Arbitraries.of("", "srv nginx[12]: ", "host app: ");
    }

    private static MutableLogLine read(SyslogHeaderParser p, String line) {
        MutableLogLine l = new MutableLogLine();
        byte[] b = ("  " + line + " x").getBytes(StandardCharsets.UTF_8);
        p.parse(b, 2, b.length, l);
        return l;
    }

    /** What a wall-clock time written without zone reads back as: the earlier offset in an overlap. */
    private static Instant local(Instant t, ZoneId zone, ChronoUnit precision) {
        return ZonedDateTime.ofInstant(t, zone).toLocalDateTime().truncatedTo(precision).atZone(zone).toInstant();
    }

    private static void check(String prefix, String written, Instant expected, TimeFormat shape, ZoneId zone,
                              Instant reference) {
        SyslogHeaderParser p = new SyslogHeaderParser(reference, zone);
        MutableLogLine l = read(p, prefix + written + " [error] msg");
        assertThat(l.hasTime()).as(prefix + written).isTrue();
        assertThat(Instant.ofEpochMilli(l.epochMillis())).as(prefix + written).isEqualTo(expected);
        assertThat(p.lastFormat()).as(prefix + written).isEqualTo(shape);
        assertThat(l.message()).as(prefix + written).isEqualTo("[error] msg x");
    }

    private static String write(String pattern, Instant t, ZoneId zone) {
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(zone).format(t);
    }

    @Property
    void nginx(@ForAll @LongRange(min = MIN, max = MAX) long s, @ForAll("zones") ZoneId zone,
               @ForAll("prefixes") String prefix) {
        Instant t = Instant.ofEpochSecond(s);
        check(prefix, write("yyyy/MM/dd HH:mm:ss", t, zone), local(t, zone, ChronoUnit.SECONDS), TimeFormat.NGINX,
                zone, REF);
    }

    @Property
    void isoWithOffset(@ForAll @LongRange(min = MIN, max = MAX) long s, @ForAll @IntRange(min = 0, max = 999) int ms,
                       @ForAll @IntRange(min = -18 * 4, max = 18 * 4) int quarters, @ForAll("prefixes") String prefix,
                       @ForAll boolean colon) {
        Instant t = Instant.ofEpochSecond(s, ms * 1_000_000L);
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(quarters * 900);
        String pattern = colon ? "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" : "yyyy-MM-dd'T'HH:mm:ss.SSSSSSxx";
        check(prefix, write(pattern, t, offset), t, TimeFormat.ISO8601, ZoneOffset.UTC, REF);
    }

    @Property
    void isoWithoutZone(@ForAll @LongRange(min = MIN, max = MAX) long s, @ForAll @IntRange(min = 0, max = 999) int ms,
                        @ForAll("zones") ZoneId zone, @ForAll("prefixes") String prefix, @ForAll boolean t) {
        Instant i = Instant.ofEpochSecond(s, ms * 1_000_000L);
        String pattern = t ? "yyyy-MM-dd'T'HH:mm:ss.SSS" : "yyyy-MM-dd HH:mm:ss";
        check(prefix, write(pattern, i, zone), local(i, zone, t ? ChronoUnit.MILLIS : ChronoUnit.SECONDS),
                TimeFormat.ISO8601_LOCAL, zone, REF);
    }

    @Property
    void apache(@ForAll @LongRange(min = MIN, max = MAX) long s, @ForAll @IntRange(min = -12 * 4, max = 14 * 4) int q,
                @ForAll("prefixes") String prefix) {
        Instant t = Instant.ofEpochSecond(s);
        check(prefix, write("'['dd/MMM/yyyy:HH:mm:ss xx']'", t, ZoneOffset.ofTotalSeconds(q * 900)), t,
                TimeFormat.APACHE, ZoneOffset.UTC, REF);
    }

    @Property
    void accessLog(@ForAll @LongRange(min = MIN, max = MAX) long s, @ForAll @IntRange(min = -12, max = 14) int h) {
        Instant t = Instant.ofEpochSecond(s);
        String line = "2001:db8::7 - alice " + write("'['dd/MMM/yyyy:HH:mm:ss xx']'", t, ZoneOffset.ofHours(h))
                + " \"GET /admin HTTP/1.1\" 401 381";
        SyslogHeaderParser p = new SyslogHeaderParser(REF, ZoneOffset.UTC);
        MutableLogLine l = read(p, line);
        assertThat(Instant.ofEpochMilli(l.epochMillis())).isEqualTo(t);
        assertThat(p.lastFormat()).isEqualTo(TimeFormat.APACHE);
        assertThat(l.message()).as("the whole line").isEqualTo(line + " x");
    }

    @Property
    void ctime(@ForAll @LongRange(min = MIN, max = MAX) long s, @ForAll("zones") ZoneId zone,
               @ForAll("prefixes") String prefix, @ForAll @IntRange(min = 0, max = 2) int style) {
        Instant t = Instant.ofEpochSecond(s, 123_456_000L);
        String pattern = switch (style) {
            case 0 -> "EEE MMM ppd HH:mm:ss yyyy";
            case 1 -> "EEE MMM d HH:mm:ss yyyy";
            default -> "'['EEE MMM dd HH:mm:ss.SSSSSS yyyy']'";
        };
        check(prefix, write(pattern, t, zone), local(t, zone, style == 2 ? ChronoUnit.MILLIS : ChronoUnit.SECONDS),
                TimeFormat.CTIME, zone, REF);
    }

    /** Two-digit years are 2000-2099 (the local date, so a day inside the range in every zone). */
    @Property
    void mysql(@ForAll @LongRange(min = MIN + 86_400, max = MAX - 86_400) long s, @ForAll("zones") ZoneId zone,
               @ForAll("prefixes") String prefix) {
        Instant t = Instant.ofEpochSecond(s);
        check(prefix, write("yyMMdd ppH:mm:ss", t, zone), local(t, zone, ChronoUnit.SECONDS), TimeFormat.MYSQL,
                zone, REF);
    }

    @Property
    void tai64n(@ForAll @LongRange(min = MIN, max = MAX) long s, @ForAll @IntRange(min = 0, max = 999_999_999) int n,
                @ForAll("prefixes") String prefix) {
        String label = String.format("@%016x%08x", s + (1L << 62) + 10, n);
        check(prefix, label, Instant.ofEpochSecond(s, n).truncatedTo(ChronoUnit.MILLIS), TimeFormat.TAI64N,
                ZoneOffset.UTC, REF);
    }

    @Property
    void rfc3164(@ForAll @LongRange(min = 0, max = 360L * 86_400) long back, @ForAll("zones") ZoneId zone,
                 @ForAll boolean padded) {
        Instant t = REF.minusSeconds(back);
        String written = write(padded ? "MMM ppd HH:mm:ss" : "MMM d HH:mm:ss", t, zone);
        check("", written + " srv sshd[4]:", local(t, zone, ChronoUnit.SECONDS), TimeFormat.RFC3164, zone, REF);
    }

    @Property
    void syslogHeaderBeforeTheDaemonsOwnTimeKeepsTheHeadersTime(@ForAll @LongRange(min = 0, max = 300L * 86_400) long back,
                                                                @ForAll("zones") ZoneId zone) {
        Instant t = REF.minusSeconds(back);
        String line = write("MMM ppd HH:mm:ss", t, zone) + " srv nginx: " + write("yyyy/MM/dd HH:mm:ss", t.minusSeconds(3600), zone);
        check("", line, local(t, zone, ChronoUnit.SECONDS), TimeFormat.RFC3164, zone, REF);
    }

    /** Any bytes, and any prefix cut of a real line: read or refused, never an exception, never out of the line. */
    @Property
    void anyBytesAreReadOrRefusedWithinTheLine(@ForAll("lines") String text, @ForAll @IntRange(min = 0, max = 40) int cut,
                                               @ForAll boolean custom) {
        byte[] full = text.getBytes(StandardCharsets.ISO_8859_1);
        int end = Math.max(0, full.length - Math.min(cut, full.length));
        byte[] b = java.util.Arrays.copyOf(full, end + 8);
        SyslogHeaderParser p = new SyslogHeaderParser(REF, ZoneId.of("Europe/Zurich"),
                custom ? TimePattern.compile("%d/%b/%Y:%H:%M:%S %z") : null);
        MutableLogLine l = new MutableLogLine();
        p.parse(b, 0, end, l);
        assertThat(l.messageStart()).isBetween(0, end);
        assertThat(l.tagStart()).isLessThanOrEqualTo(l.tagEnd());
        assertThat(l.tagEnd()).isLessThanOrEqualTo(end);
        assertThat(l.hostEnd()).isLessThanOrEqualTo(end);
        assertThat(l.hasTime()).isEqualTo(p.lastFormat() != TimeFormat.NONE);
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> real = Arbitraries.of("Dec  6 19:02:25 srv sshd[5]: m", "2026-12-06T19:02:25.123+01:00 h t: m",
                "[06/Dec/2026:19:02:25 +0000] x", "[Sun Dec 06 19:02:25.5 2026] [e] x", "2026/12/06 19:02:25 [e] x",
                "130324  0:04:00 [W] x", "@400000004c91b044077a9e94 imap: x", "h n[1]: 2026/12/06 19:02:25 x",
                "1.2.3.4 - u [06/Dec/2026:19:02:25 +0000] \"GET /\" 200", "<38>1 2019-07-08T17:40:16Z h a 1 - - m",
                "06/Dec/2026:19:02:25 +0100 x");
        Arbitrary<String> noise = Arbitraries.strings().withChars(" 0123456789:/-+.,@[]<>TZadeDJMSnc\"").ofMaxLength(60);
        return Arbitraries.oneOf(real, noise, Arbitraries.strings().ofMaxLength(80));
    }

    @Property
    void timeFormat(@ForAll @LongRange(min = MIN, max = MAX) long s, @ForAll("zones") ZoneId zone,
                    @ForAll("prefixes") String prefix) {
        Instant t = Instant.ofEpochSecond(s, 250_000_000L);
        SyslogHeaderParser p = new SyslogHeaderParser(REF, zone, TimePattern.compile("%d.%m.%Y %I:%M:%S,%f %p"));
        MutableLogLine l = read(p, prefix + write("dd.MM.yyyy hh:mm:ss,SSS a", t, zone) + " [error] msg");
        assertThat(Instant.ofEpochMilli(l.epochMillis())).isEqualTo(local(t, zone, ChronoUnit.MILLIS));
        assertThat(l.message()).isEqualTo("[error] msg x");
        SyslogHeaderParser z = new SyslogHeaderParser(REF, ZoneOffset.UTC, TimePattern.compile("%%Y%%m%%dT%%H%%M%%S%%z"));
        assertThat(Instant.ofEpochMilli(read(z, write("yyyyMMdd'T'HHmmssxx", t, zone) + " m").epochMillis()))
                .as("fail2ban's doubled percent signs, and a written offset").isEqualTo(t.truncatedTo(ChronoUnit.SECONDS));
        SyslogHeaderParser e = new SyslogHeaderParser(REF, zone, TimePattern.compile("{^LN-BEG}%s"));
        assertThat(read(e, s + " m").epochMillis()).isEqualTo(s * 1000);
    }
}
