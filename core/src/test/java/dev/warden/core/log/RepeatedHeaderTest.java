package dev.warden.core.log;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The header a parser remembers from the line before: a line reuses its host, tag and pid only when it
 * starts with the same bytes, and reads exactly as a fresh parser would read it.
 */
class RepeatedHeaderTest {

    private static final Instant REF = Instant.parse("2027-01-01T12:00:00Z");

    private static MutableLogLine parse(SyslogHeaderParser p, String s) {
        return FramedLine.parse(p, s);
    }

    private static String fields(MutableLogLine l) {
        return l.hasTime() + "|" + l.epochMillis() + "|" + l.host() + "|" + l.tag() + "|" + l.pid() + "|"
                + l.message() + "|" + l.hostStart + "," + l.hostEnd + "," + l.tagStart + "," + l.tagEnd + ","
                + l.messageStart;
    }

    private static void assertSameAsFresh(String before, String line) {
        SyslogHeaderParser warm = new SyslogHeaderParser(REF, ZoneOffset.UTC);
        parse(warm, before);
        SyslogHeaderParser cold = new SyslogHeaderParser(REF, ZoneOffset.UTC);
        cold.previousMillis(warm.previousMillis());
        assertThat(fields(parse(warm, line))).as("%s after %s", line, before).isEqualTo(fields(parse(cold, line)));
    }

    @Test
    void aHeaderDifferingInAnyOneByteIsScannedAgain() {
        String before = "Dec 31 06:00:00 mail smtpd[75209]: 292c98 smtp connected";
        List<String> changed = OneByteChanges.of(before, 16, 40, " :[]0123456789ax\t-");
        for (String line : changed) {
            assertSameAsFresh(before, line);
        }
        assertThat(changed).hasSizeGreaterThan(350);
    }

    @Test
    void theSameHeaderGivesTheSameFieldsAtTheNewLinesOffsets() {
        SyslogHeaderParser p = new SyslogHeaderParser(REF, ZoneOffset.UTC);
        parse(p, "Dec 31 06:00:00 mail smtpd[75209]: a");
        MutableLogLine l = parse(p, "Dec 31 06:00:01 mail smtpd[75209]: second message");
        assertThat(l.host()).isEqualTo("mail");
        assertThat(l.tag()).isEqualTo("smtpd");
        assertThat(l.pid()).isEqualTo(75209);
        assertThat(l.message()).isEqualTo("second message");
        MutableLogLine other = parse(p, "Dec 31 06:00:01 mail smtpd[75210]: third");
        assertThat(other.pid()).isEqualTo(75210);
        MutableLogLine noHost = parse(p, "Dec 31 06:00:01 smtpd[75210]: fourth");
        assertThat(noHost.host()).isEmpty();
        assertThat(noHost.tag()).isEqualTo("smtpd");
        MutableLogLine again = parse(p, "Dec 31 06:00:01 smtpd[75210]: fifth");
        assertThat(again.host()).isEmpty();
        assertThat(again.message()).isEqualTo("fifth");
    }

    @Test
    void aHeaderCutShortOrWithoutItsBlankIsNotReused() {
        assertSameAsFresh("Dec 31 06:00:00 mail smtpd[75209]: a", "Dec 31 06:00:00 mail smtpd[75209]:");
        assertSameAsFresh("Dec 31 06:00:00 mail smtpd[75209]: a", "Dec 31 06:00:00 mail smtpd[75209]");
        assertSameAsFresh("Dec 31 06:00:00 mail smtpd[75209]:", "Dec 31 06:00:00 mail smtpd[75209]: a");
        assertSameAsFresh("Dec 31 06:00:00 mail smtpd[75209]: a", "Dec 31 06:00:00 mail smtpd[75209]:  a");
        assertSameAsFresh("Dec 31 06:00:00 mail smtpd[75209]: a", "Dec 31 06:00:00 mail smtpd[75209]:\ta");
    }

    @Test
    void anUntaggedLineAfterATaggedOneHasNoTag() {
        SyslogHeaderParser p = new SyslogHeaderParser(REF, ZoneOffset.UTC);
        parse(p, "Dec 31 06:00:00 mail smtpd[75209]: a");
        MutableLogLine l = parse(p, "Dec 31 06:00:00 mail smtpd[75209] no colon");
        assertThat(l.tag()).isEmpty();
        assertThat(l.pid()).isEqualTo(-1);
        assertThat(l.message()).isEqualTo("mail smtpd[75209] no colon");
        assertSameAsFresh("Dec 31 06:00:00 [error] x: a", "Dec 31 06:00:00 [error] x: b");
        assertSameAsFresh("Dec 31 06:00:00 a-very-long-host-name.example.org some-daemon-with-a-long-name[123456]: a",
                "Dec 31 06:00:00 a-very-long-host-name.example.org some-daemon-with-a-long-name[123456]: b");
    }

    @Test
    void theInnerTimeAfterARepeatedHeaderIsStillSkipped() {
        SyslogHeaderParser p = new SyslogHeaderParser(REF, ZoneOffset.UTC);
        parse(p, "Dec  6 19:02:25 srv mysqld: 261206 19:02:25 [Warning] a");
        MutableLogLine l = parse(p, "Dec  6 19:02:26 srv mysqld: 261206 19:02:20 [Warning] b");
        assertThat(Instant.ofEpochMilli(l.epochMillis())).isEqualTo(Instant.parse("2026-12-06T19:02:26Z"));
        assertThat(l.message()).isEqualTo("[Warning] b");
    }
}
