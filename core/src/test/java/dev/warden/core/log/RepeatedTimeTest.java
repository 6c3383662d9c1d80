package dev.warden.core.log;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RFC 3164 time a parser remembers from the line before: a line reuses it only when its time's bytes
 * are the same, and reads exactly as a fresh parser would read it.
 */
class RepeatedTimeTest {

    private static final Instant REF = Instant.parse("2027-01-01T12:00:00Z");

    private static MutableLogLine parse(SyslogHeaderParser p, String s) {
        return FramedLine.parse(p, s);
    }

    /** What a parser that has seen {@code before} reads from {@code line}, against a fresh parser. */
    private static void assertSameAsFresh(ZoneId zone, String before, String line) {
        SyslogHeaderParser warm = new SyslogHeaderParser(REF, zone);
        parse(warm, before);
        MutableLogLine got = parse(warm, line);
        SyslogHeaderParser fresh = new SyslogHeaderParser(REF, zone);
        fresh.previousMillis(warm.previousMillis());
        parse(fresh, before);
        SyslogHeaderParser cold = new SyslogHeaderParser(REF, zone);
        cold.previousMillis(fresh.previousMillis());
        MutableLogLine want = parse(cold, line);
        assertThat(got.hasTime()).as("%s after %s", line, before).isEqualTo(want.hasTime());
        assertThat(got.epochMillis()).as("%s after %s", line, before).isEqualTo(want.epochMillis());
        assertThat(warm.lastFormat()).as("%s after %s", line, before).isEqualTo(cold.lastFormat());
        assertThat(got.message()).as("%s after %s", line, before).isEqualTo(want.message());
    }

    @Test
    void aTimeDifferingInAnyOneByteIsReadAgain() {
        String before = "Dec 31 06:00:00 mail smtpd[7]: m";
        List<String> changed = OneByteChanges.of(before, 0, 16, "0123456789 :AJDecaJnuly-\t");
        for (String line : changed) {
            assertSameAsFresh(ZoneOffset.UTC, before, line);
        }
        assertThat(changed).hasSizeGreaterThan(300);
    }

    @Test
    void theSameTimeReadsTheSameAndOneSecondLaterIsOneSecondLater() {
        SyslogHeaderParser p = new SyslogHeaderParser(REF, ZoneOffset.UTC);
        long a = parse(p, "Dec 31 06:00:00 mail smtpd[7]: a").epochMillis();
        long b = parse(p, "Dec 31 06:00:00 mail smtpd[7]: b").epochMillis();
        long c = parse(p, "Dec 31 06:00:01 mail smtpd[7]: c").epochMillis();
        long d = parse(p, "Dec 31 06:00:00 mail smtpd[7]: d").epochMillis();
        assertThat(Instant.ofEpochMilli(a)).isEqualTo(Instant.parse("2026-12-31T06:00:00Z"));
        assertThat(b).isEqualTo(a);
        assertThat(c).isEqualTo(a + 1000);
        assertThat(d).isEqualTo(a);
    }

    @Test
    void aYearRolloverAfterARepeatedTime() {
        SyslogHeaderParser p = new SyslogHeaderParser(REF, ZoneOffset.UTC);
        parse(p, "Dec 31 23:59:59 h x: a");
        assertThat(Instant.ofEpochMilli(parse(p, "Dec 31 23:59:59 h x: b").epochMillis()))
                .isEqualTo(Instant.parse("2026-12-31T23:59:59Z"));
        assertThat(Instant.ofEpochMilli(parse(p, "Jan  1 00:00:00 h x: c").epochMillis()))
                .isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(Instant.ofEpochMilli(parse(p, "Jan  3 00:00:00 h x: d").epochMillis()))
                .as("more than a day after the reference: the year before")
                .isEqualTo(Instant.parse("2026-01-03T00:00:00Z"));
    }

    @Test
    void anUnreadableTimeAfterARememberedOneTakesThePreviousTimeUntimed() {
        SyslogHeaderParser p = new SyslogHeaderParser(REF, ZoneOffset.UTC);
        long a = parse(p, "Dec 31 06:00:00 mail smtpd[7]: a").epochMillis();
        MutableLogLine cut = parse(p, "Dec 31 06:00:00");
        assertThat(cut.hasTime()).as("no blank after the time").isFalse();
        assertThat(p.lastFormat()).isEqualTo(TimeFormat.NONE);
        MutableLogLine bad = parse(p, "Dec 31 06:00:0x mail smtpd[7]: b");
        assertThat(bad.hasTime()).isFalse();
        assertThat(bad.epochMillis()).isEqualTo(a);
        assertThat(parse(p, "Dec 31 06:00:00\tmail smtpd[7]: c").hasTime()).as("a tab is not the blank").isFalse();
        assertThat(parse(p, "Dec 31 06:00:00 mail smtpd[7]: d").epochMillis()).isEqualTo(a);
        assertThat(p.lastFormat()).isEqualTo(TimeFormat.RFC3164);
    }

    @Test
    void paddedAndUnpaddedDaysAreDifferentBytesOfTheSameTime() {
        SyslogHeaderParser p = new SyslogHeaderParser(REF, ZoneOffset.UTC);
        long a = parse(p, "Dec  7 06:00:00 gw x: m").epochMillis();
        assertThat(parse(p, "Dec 7 06:00:00 gw x: m").epochMillis()).isEqualTo(a);
        assertThat(parse(p, "Dec 07 06:00:00 gw x: m").epochMillis()).isEqualTo(a);
        assertThat(parse(p, "Dec 7 06:00:00").hasTime()).isFalse();
        assertThat(parse(p, "Dec 17 06:00:00 gw x: m").epochMillis()).isEqualTo(a + 10L * 86_400_000);
    }

    @Test
    void theZoneStillApplies() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        SyslogHeaderParser p = new SyslogHeaderParser(REF, paris);
        parse(p, "Jul  1 12:00:00 h x: a");
        assertThat(Instant.ofEpochMilli(parse(p, "Jul  1 12:00:00 h x: b").epochMillis()))
                .isEqualTo(Instant.parse("2026-07-01T10:00:00Z"));
        assertSameAsFresh(paris, "Mar 29 01:59:59 h x: a", "Mar 29 03:00:00 h x: b");
        assertSameAsFresh(paris, "Mar 29 01:59:59 h x: a", "Mar 29 01:59:59 h x: b");
    }
}
