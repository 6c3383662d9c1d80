package dev.warden.core.log;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in time shapes as data: a line, the instant, shape, host, tag and message expected. Lines without a
 * zone are read in Europe/Zurich (the zone of fail2ban's own test logs, from which most of these lines come).
 */
class TimeShapesTest {

    private static final Instant REF = Instant.parse("2026-12-07T12:00:00Z");
    private static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");

    private static MutableLogLine parse(SyslogHeaderParser p, String s) {
        return FramedLine.parse(p, s);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # line | instant (UTC) | shape | host | tag | message
            Dec  6 19:02:25 srv sshd[5]: Failed password | 2026-12-06T18:02:25Z | RFC3164 | srv | sshd | Failed password
            Mar 7 02:09:33 server postfix/smtpd[27246]: reject | 2026-03-07T01:09:33Z | RFC3164 | server | postfix/smtpd | reject
            2026-12-06T19:02:25.123+01:00 srv sshd[2]: m | 2026-12-06T18:02:25.123Z | ISO8601 | srv | sshd | m
            2019-01-03T08:50:04.634875Z 113 [Note] Access denied | 2019-01-03T08:50:04.634Z | ISO8601 | "" | "" | 113 [Note] Access denied
            2026-06-06T19:02:25-0500 h t: m | 2026-06-07T00:02:25Z | ISO8601 | h | t | m
            2026-06-06T19:02:25+02 h t: m | 2026-06-06T17:02:25Z | ISO8601 | h | t | m
            <38>1 2019-07-08T17:40:16.954167-04:00 host.example.com sshd 9 - - Failed | 2019-07-08T21:40:16.954Z | ISO8601 | host.example.com | sshd | Failed
            2026-12-06 19:02:26 srv exim[3]: m | 2026-12-06T18:02:26Z | ISO8601_LOCAL | srv | exim | m
            2013-01-04 17:03:46 login authenticator failed | 2013-01-04T16:03:46Z | ISO8601_LOCAL | "" | "" | login authenticator failed
            2013-08-11 03:56:40 auth-worker(default): Info: pam | 2013-08-11T01:56:40Z | ISO8601_LOCAL | "" | auth-worker(default) | Info: pam
            2015-10-07  8:25:38 139845235329792 [Warning] Access | 2015-10-07T06:25:38Z | ISO8601_LOCAL | "" | "" | 139845235329792 [Warning] Access
            2016-02-24T15:26:18.237955 6 [Note] Access | 2016-02-24T14:26:18.237Z | ISO8601_LOCAL | "" | "" | 6 [Note] Access
            2025-03-04T01:06:36.645577 ip-172-31-3-150 vsftpd[1658]: [u] FAIL | 2025-03-04T00:06:36.645Z | ISO8601_LOCAL | ip-172-31-3-150 | vsftpd | [u] FAIL
            "192.0.2.1 - bob [06/Dec/2026:19:02:25 +0000] ""GET / HTTP/1.1"" 401 5" | 2026-12-06T19:02:25Z | APACHE | "" | "" | "192.0.2.1 - bob [06/Dec/2026:19:02:25 +0000] ""GET / HTTP/1.1"" 401 5"
            "vhost:80 192.0.2.1 - - [06/Dec/2026:19:02:25 -0130] ""GET / HTTP/1.1"" 401 5" | 2026-12-06T20:32:25Z | APACHE | "" | "" | "vhost:80 192.0.2.1 - - [06/Dec/2026:19:02:25 -0130] ""GET / HTTP/1.1"" 401 5"
            [06/Dec/2026:19:02:25 +0100] client 192.0.2.1 | 2026-12-06T18:02:25Z | APACHE | "" | "" | client 192.0.2.1
            [Mon Jul 29 02:12:55.539813 2013] [auth_digest:error] [pid 9] | 2013-07-29T00:12:55.539Z | CTIME | "" | "" | [auth_digest:error] [pid 9]
            [Wed Jul 20 14:38:56 2011] [error] [client 1.2.3.4] | 2011-07-20T12:38:56Z | CTIME | "" | "" | [error] [client 1.2.3.4]
            Fri Jan 19 12:20:33 2007 [pid 27202] [anonymous] FAIL | 2007-01-19T11:20:33Z | CTIME | "" | "" | [pid 27202] [anonymous] FAIL
            Thu Sep  8 00:39:49 2016 [pid 15019] [guest] FAIL | 2016-09-07T22:39:49Z | CTIME | "" | "" | [pid 15019] [guest] FAIL
            Thu Sep 8 00:39:49 2016 [pid 15019] | 2016-09-07T22:39:49Z | CTIME | "" | "" | [pid 15019]
            2026/12/06 19:02:25 [error] 2865#0: *66647 user | 2026-12-06T18:02:25Z | NGINX | "" | "" | [error] 2865#0: *66647 user
            130324  0:04:00 [Warning] Access denied | 2013-03-23T23:04:00Z | MYSQL | "" | "" | [Warning] Access denied
            261206 19:02:26 [Warning] Access denied | 2026-12-06T18:02:26Z | MYSQL | "" | "" | [Warning] Access denied
            @400000004c91b044077a9e94 imap-login: Info: Aborted | 2010-09-16T05:50:50.125Z | TAI64N | "" | imap-login | Info: Aborted
            srv nginx[983478]: 2023/12/09 21:35:20 [error] 983478#983478: *3 | 2023-12-09T20:35:20Z | NGINX | srv | nginx | [error] 983478#983478: *3
            host nginx[23141]: host nginx: 2025/09/07 21:20:40 [error] 23141#23141 | 2025-09-07T19:20:40Z | NGINX | host | nginx | [error] 23141#23141
            mail.example.com exim[3751842]: 2021-07-17 23:20:49 plain_server | 2021-07-17T21:20:49Z | ISO8601_LOCAL | mail.example.com | exim | plain_server
            Sep 16 21:30:26 catinthehat mysqld: 130916 21:30:26 [Warning] Access | 2026-09-16T19:30:26Z | RFC3164 | catinthehat | mysqld | [Warning] Access
            Dec  6 19:02:25 srv nginx: 2026/12/06 19:02:24 [error] 1#0: x | 2026-12-06T18:02:25Z | RFC3164 | srv | nginx | [error] 1#0: x
            """)
    void readsTheShape(String line, String instant, String shape, String host, String tag, String message) {
        SyslogHeaderParser p = new SyslogHeaderParser(REF, ZURICH);
        MutableLogLine l = parse(p, line);
        assertThat(l.hasTime()).as(line).isTrue();
        assertThat(Instant.ofEpochMilli(l.epochMillis())).as(line).isEqualTo(Instant.parse(instant));
        assertThat(p.lastFormat()).as(line).isEqualTo(TimeFormat.valueOf(shape));
        assertThat(l.host()).as(line).isEqualTo(host);
        assertThat(l.tag()).as(line).isEqualTo(tag);
        assertThat(l.message()).as(line).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            Feb 30 10:00:00 h t: m
            Dec 31 26:00:00 h t: m
            2026-02-29 10:00:00 h t: m
            2026-12-06T19:02:25+0100x h t: m
            2026-12-06T19:02:25.+01:00 h t: m
            2026/13/06 19:02:25 [error] x
            2026/12/06 19:02:61 [error] x
            261306 19:02:26 [Warning] x
            Fri Jan 19 12:20:33 07 [pid 1]
            [Mon Jul 29 02:12:55.539813 2013 [auth_digest:error]
            [06/Dec/2026:19:02:25] x
            @3fffffffffffffff00000000 x
            @400000004c91b044ffffffff x
            @400000004c91b044077a9e9 x
            06-Dec-2026 19:02:25 x
            "192.0.2.1 - bob [06/Dec/2026:19:02:25 +0000] [07/Dec/2026:19:02:25 +0000] ""GET /"" 401"
            srv sshd[1]: Failed password
            """)
    void refusesWhatIsNotATime(String line) {
        SyslogHeaderParser p = new SyslogHeaderParser(REF, ZoneOffset.UTC);
        MutableLogLine l = parse(p, line);
        assertThat(l.hasTime()).as(line).isFalse();
        assertThat(l.epochMillis()).as("the previous time, only kept for a reader to decide").isEqualTo(REF.toEpochMilli());
        assertThat(p.lastFormat()).isEqualTo(TimeFormat.NONE);
    }

    @Test
    void anAccessLogUserNameCannotPlaceItsOwnTime() {
        SyslogHeaderParser p = new SyslogHeaderParser(REF, ZoneOffset.UTC);
        // the user field holds a forged time; only the field the server wrote counts, and it is followed by the request
        MutableLogLine l = parse(p, "192.0.2.1 - x [01/Jan/2000:00:00:00 +0000] [06/Dec/2026:19:02:25 +0000] \"GET /\"");
        assertThat(l.hasTime()).isFalse();
        l = parse(p, "192.0.2.1 - [01/Jan/2000:00:00:00 +0000] [06/Dec/2026:19:02:25 +0000] \"GET /\"");
        assertThat(Instant.ofEpochMilli(l.epochMillis())).isEqualTo(Instant.parse("2026-12-06T19:02:25Z"));
    }

    @Test
    void zoneLessTimesAreReadInTheJailsZone() {
        Instant winter = Instant.ofEpochMilli(parse(new SyslogHeaderParser(REF, ZoneId.of("America/New_York")),
                "2026/12/06 19:02:25 [error] x").epochMillis());
        assertThat(winter).isEqualTo(Instant.parse("2026-12-07T00:02:25Z"));
        Instant summer = Instant.ofEpochMilli(parse(new SyslogHeaderParser(REF, ZoneId.of("America/New_York")),
                "2026-07-06 19:02:25 x").epochMillis());
        assertThat(summer).isEqualTo(Instant.parse("2026-07-06T23:02:25Z"));
        Instant zoned = Instant.ofEpochMilli(parse(new SyslogHeaderParser(REF, ZoneId.of("America/New_York")),
                "2026-07-06T19:02:25Z x").epochMillis());
        assertThat(zoned).as("a written zone wins").isEqualTo(Instant.parse("2026-07-06T19:02:25Z"));
    }

    @Test
    void aTimeFormatIsTheOnlyShapeRead() {
        SyslogHeaderParser p = new SyslogHeaderParser(REF, ZoneOffset.UTC, TimePattern.compile("%d.%m.%Y %H:%M:%S,%f"));
        MutableLogLine l = parse(p, "06.12.2026 19:02:25,5 srv app[4]: login failed");
        assertThat(Instant.ofEpochMilli(l.epochMillis())).isEqualTo(Instant.parse("2026-12-06T19:02:25.500Z"));
        assertThat(p.lastFormat()).isEqualTo(TimeFormat.CUSTOM);
        assertThat(l.tag()).isEqualTo("app");
        assertThat(l.message()).isEqualTo("login failed");
        l = parse(p, "srv app[4]: 06.12.2026 19:02:26,5 login failed");
        assertThat(Instant.ofEpochMilli(l.epochMillis())).as("after a header without time")
                .isEqualTo(Instant.parse("2026-12-06T19:02:26.500Z"));
        assertThat(l.message()).isEqualTo("login failed");
        assertThat(parse(p, "Dec  6 19:02:25 srv sshd[5]: m").hasTime()).as("built-in shapes are not read").isFalse();
        assertThat(p.timedFromStart()).isTrue();
    }
}
