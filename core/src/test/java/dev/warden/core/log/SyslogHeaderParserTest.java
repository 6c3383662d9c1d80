package dev.warden.core.log;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class SyslogHeaderParserTest {

    private static final Instant REF = Instant.parse("2025-01-01T12:00:00Z");

    private static MutableLogLine parse(SyslogHeaderParser p, String s) {
        return FramedLine.parse(p, s);
    }

    @Test
    void rfc3164WithHostTagPid() {
        SyslogHeaderParser p = new SyslogHeaderParser(REF, ZoneOffset.UTC);
        MutableLogLine l = parse(p, "Dec 31 06:00:00 mail smtpd[75209]: 292c98 smtp connected");
        assertThat(l.hasTime()).isTrue();
        assertThat(Instant.ofEpochMilli(l.epochMillis())).isEqualTo(Instant.parse("2024-12-31T06:00:00Z"));
        assertThat(l.host()).isEqualTo("mail");
        assertThat(l.tag()).isEqualTo("smtpd");
        assertThat(l.pid()).isEqualTo(75209);
        assertThat(l.message()).isEqualTo("292c98 smtp connected");
        assertThat(p.lastFormat()).isEqualTo(TimeFormat.RFC3164);
    }

    @Test
    void rfc3164WithAnUnpaddedDayIsTimedToo() {
        SyslogHeaderParser p = new SyslogHeaderParser(REF, ZoneOffset.UTC);
        MutableLogLine l = parse(p, "Dec 7 06:00:00 gw sshd[5]: Invalid user a from 192.0.2.1");
        assertThat(l.hasTime()).isTrue();
        assertThat(Instant.ofEpochMilli(l.epochMillis())).isEqualTo(Instant.parse("2024-12-07T06:00:00Z"));
        assertThat(l.host()).isEqualTo("gw");
        assertThat(l.tag()).isEqualTo("sshd");
        assertThat(l.message()).isEqualTo("Invalid user a from 192.0.2.1");
        assertThat(parse(p, "Dec 07 06:00:00 gw x: m").epochMillis()).isEqualTo(l.epochMillis());
        assertThat(parse(p, "Dec  7 06:00:00 gw x: m").epochMillis()).isEqualTo(l.epochMillis());
        assertThat(parse(p, "Dec 7 06:00:00").hasTime()).as("no blank after the time").isFalse();
        assertThat(parse(p, "Dec 7 6:00:00 gw x: m").hasTime()).isFalse();
        assertThat(parse(p, "Dec 0 06:00:00 gw x: m").hasTime()).isFalse();
    }

    @Test
    void yearInferenceAcrossNewYear() {
        SyslogHeaderParser p = new SyslogHeaderParser(REF, ZoneOffset.UTC);
        assertThat(Instant.ofEpochMilli(parse(p, "Jan  1 00:00:05 h x: m").epochMillis()))
                .isEqualTo(Instant.parse("2025-01-01T00:00:05Z"));
        assertThat(Instant.ofEpochMilli(parse(p, "Jan  2 10:00:00 h x: m").epochMillis()))
                .isEqualTo(Instant.parse("2025-01-02T10:00:00Z"));
        assertThat(Instant.ofEpochMilli(parse(p, "Jan  3 10:00:00 h x: m").epochMillis()))
                .as("more than a day in the future belongs to the previous year")
                .isEqualTo(Instant.parse("2024-01-03T10:00:00Z"));
        assertThat(Instant.ofEpochMilli(parse(p, "Dec 31 23:59:59 h x: m").epochMillis()))
                .isEqualTo(Instant.parse("2024-12-31T23:59:59Z"));
    }

    @Test
    void feb29GoesToTheLastLeapYear() {
        SyslogHeaderParser p = new SyslogHeaderParser(Instant.parse("2027-03-01T00:00:00Z"), ZoneOffset.UTC);
        assertThat(Instant.ofEpochMilli(parse(p, "Feb 29 10:00:00 h x: m").epochMillis()))
                .isEqualTo(Instant.parse("2024-02-29T10:00:00Z"));
    }

    @Test
    void zoneAppliesToRfc3164Including() {
        SyslogHeaderParser p = new SyslogHeaderParser(REF, ZoneId.of("Europe/Berlin"));
        assertThat(Instant.ofEpochMilli(parse(p, "Dec 31 06:00:00 h x: m").epochMillis()))
                .isEqualTo(Instant.parse("2024-12-31T05:00:00Z"));
        SyslogHeaderParser summer = new SyslogHeaderParser(Instant.parse("2025-08-01T00:00:00Z"),
                ZoneId.of("Europe/Berlin"));
        assertThat(Instant.ofEpochMilli(parse(summer, "Jul  1 06:00:00 h x: m").epochMillis()))
                .isEqualTo(Instant.parse("2025-07-01T04:00:00Z"));
    }

    @Test
    void iso8601WithOffsetAndFraction() {
        SyslogHeaderParser p = new SyslogHeaderParser(REF, ZoneOffset.UTC);
        MutableLogLine l = parse(p, "2026-11-27T10:00:00.123+01:00 srv sshd-session[42]: Failed password");
        assertThat(Instant.ofEpochMilli(l.epochMillis())).isEqualTo(Instant.parse("2026-11-27T09:00:00.123Z"));
        assertThat(l.tag()).isEqualTo("sshd-session");
        assertThat(l.pid()).isEqualTo(42);
        assertThat(l.host()).isEqualTo("srv");
        assertThat(l.message()).isEqualTo("Failed password");
        assertThat(p.lastFormat()).isEqualTo(TimeFormat.ISO8601);
        MutableLogLine z = parse(p, "2026-11-27T10:00:00.123456Z srv sshd: x");
        assertThat(Instant.ofEpochMilli(z.epochMillis())).isEqualTo(Instant.parse("2026-11-27T10:00:00.123Z"));
        assertThat(z.pid()).isEqualTo(-1);
    }

    @Test
    void rfc5424() {
        SyslogHeaderParser p = new SyslogHeaderParser(REF, ZoneOffset.UTC);
        MutableLogLine l = parse(p, "<38>1 2026-11-27T10:00:00Z mail sshd 1234 - [meta a=\"]\\]\"] Invalid user x");
        assertThat(l.tag()).isEqualTo("sshd");
        assertThat(l.pid()).isEqualTo(1234);
        assertThat(l.host()).isEqualTo("mail");
        assertThat(l.message()).isEqualTo("Invalid user x");
    }

    @Test
    void journalWithoutTimeKeepsPreviousTime() {
        SyslogHeaderParser p = new SyslogHeaderParser(REF, ZoneOffset.UTC);
        MutableLogLine first = parse(p, "Dec 31 06:00:00 mail smtpd[1]: a");
        long t = first.epochMillis();
        MutableLogLine l = parse(p, "srv sshd[123]: Connection closed by 192.0.2.1");
        assertThat(l.hasTime()).isFalse();
        assertThat(l.epochMillis()).isEqualTo(t);
        assertThat(l.tag()).isEqualTo("sshd");
        assertThat(l.host()).isEqualTo("srv");
        assertThat(l.message()).isEqualTo("Connection closed by 192.0.2.1");
    }

    @Test
    void bareMessageHasNoTag() {
        SyslogHeaderParser p = new SyslogHeaderParser(REF, ZoneOffset.UTC);
        MutableLogLine l = parse(p, "Invalid user foo from 192.0.2.1");
        assertThat(l.tagEnd()).isEqualTo(l.tagStart());
        assertThat(l.pid()).isEqualTo(-1);
        assertThat(l.message()).isEqualTo("Invalid user foo from 192.0.2.1");
    }

    @Test
    void garbageNeverThrows() {
        SyslogHeaderParser p = new SyslogHeaderParser(REF, ZoneOffset.UTC);
        String[] junk = {"", " ", ":", "[", "]:", "a[", "a[]:", "a[x]: m", "Foo 31 06:00:00 h t: m",
                "Dec 32 06:00:00 h t: m", "Dec 31 26:00:00 h t: m", "Feb 30 10:00:00 h t: m", "<", "<1>",
                "<13>1 2026-13-01T00:00:00Z h", "2026-11-27T10:00:00", "2026-11-27T10:00:00+", "Dec 31 06:00:00 ",
                "Dec 31 06:00:00 h", "Dec 31 06:00:00 h t[99999999999999999999]: m"};
        for (String s : junk) {
            MutableLogLine l = parse(p, s);
            assertThat(l.messageStart()).isBetween(l.start(), l.end());
            assertThat(l.tagStart()).isLessThanOrEqualTo(l.tagEnd());
        }
        assertThat(parse(p, "Feb 30 10:00:00 h t: m").hasTime()).isFalse();
        assertThat(parse(p, "Dec 31 26:00:00 h t: m").hasTime()).isFalse();
    }
}
