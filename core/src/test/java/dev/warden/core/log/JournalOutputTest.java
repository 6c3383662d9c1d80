package dev.warden.core.log;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** journalctl's JSON turned into syslog lines: times, tags, escapes, cursors. */
class JournalOutputTest {

    private final List<OutputChunk> chunks = new ArrayList<>();

    private String render(String json) throws Exception {
        JournalOutput out = new JournalOutput(chunks::add);
        out.pump(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        StringBuilder sb = new StringBuilder();
        chunks.forEach(c -> sb.append(new String(c.bytes(), 0, c.length(), StandardCharsets.UTF_8)));
        return sb.toString();
    }

    @Test
    void anSshdEntryBecomesTheLineAuthLogWouldHoldWithItsRealTime() throws Exception {
        String text = render("""
                {"__CURSOR":"s=1;i=2","__REALTIME_TIMESTAMP":"1796609400123456","_HOSTNAME":"gw","SYSLOG_IDENTIFIER":"sshd",\
                "_PID":"4101","_SYSTEMD_UNIT":"ssh.service","MESSAGE":"Failed password for root from 192.0.2.10 port 50022 ssh2",\
                "_BOOT_ID":"x","__MONOTONIC_TIMESTAMP":"5"}
                """);
        assertThat(text).isEqualTo("2026-12-07T02:10:00.123456Z gw sshd[4101]: Failed password for root from 192.0.2.10"
                + " port 50022 ssh2\n");
        assertThat(chunks).extracting(OutputChunk::cursor).containsExactly("s=1;i=2");
    }

    @Test
    void aCursorTheStateCouldNotHoldIsNotTakenUpButItsEntryIsRead() throws Exception {
        String text = render("""
                {"__CURSOR":"s=1;i=1","SYSLOG_IDENTIFIER":"sshd","MESSAGE":"one"}
                {"__CURSOR":"s=1; i=2","SYSLOG_IDENTIFIER":"sshd","MESSAGE":"two"}
                {"__CURSOR":"","SYSLOG_IDENTIFIER":"sshd","MESSAGE":"three"}
                """);
        assertThat(text).isEqualTo("localhost sshd: one\nlocalhost sshd: two\nlocalhost sshd: three\n");
        assertThat(chunks.get(chunks.size() - 1).cursor()).isEqualTo("s=1;i=1");
    }

    @Test
    void theLineParsesAsSyslogWithTagPidAndMillisecondTime() throws Exception {
        byte[] b = render("{\"__REALTIME_TIMESTAMP\":\"1796609400123456\",\"_HOSTNAME\":\"gw\",\"SYSLOG_IDENTIFIER\":\"sshd\","
                + "\"_PID\":\"7\",\"MESSAGE\":\"hello\"}").getBytes(StandardCharsets.UTF_8);
        MutableLogLine line = new MutableLogLine();
        new SyslogHeaderParser(java.time.Instant.parse("2026-12-07T03:00:00Z"), java.time.ZoneOffset.UTC)
                .parse(b, 0, b.length - 1, line);
        assertThat(line.hasTime()).isTrue();
        assertThat(line.epochMillis()).isEqualTo(1796609400123L);
        assertThat(new String(b, line.tagStart(), line.tagEnd() - line.tagStart(), StandardCharsets.US_ASCII))
                .isEqualTo("sshd");
        assertThat(line.pid()).isEqualTo(7);
        assertThat(new String(b, line.messageStart(), b.length - 1 - line.messageStart(), StandardCharsets.UTF_8))
                .isEqualTo("hello");
    }

    @Test
    void controlCharactersAreEscapedSoAnEntryIsOneLine() throws Exception {
        assertThat(render("{\"__REALTIME_TIMESTAMP\":\"0\",\"SYSLOG_IDENTIFIER\":\"sshd\","
                + "\"MESSAGE\":\"user x\\nsshd[1]: Failed password for root from 198.51.100.1\\tport\"}"))
                .isEqualTo("1970-01-01T00:00:00Z localhost sshd: user x#012sshd[1]: Failed password for root from"
                        + " 198.51.100.1#011port\n");
    }

    @Test
    void whatAProgramCallsItselfCannotShapeTheHeader() throws Exception {
        assertThat(render("{\"SYSLOG_IDENTIFIER\":\"sshd[1]: Failed password for root from 203.0.113.5\","
                + "\"SYSLOG_PID\":\"12x\",\"_HOSTNAME\":\"a b\",\"MESSAGE\":\"m\"}"))
                .isEqualTo("a_b sshd_1___Failed_password_for_root_from_203.0.113.5: m\n");
    }

    @Test
    void tagFallsBackToTheUnitThenTheCommandAndPidToSyslogPid() throws Exception {
        assertThat(render("""
                {"_SYSTEMD_UNIT":"nginx.service","_COMM":"nginx","SYSLOG_PID":"9","MESSAGE":"a"}
                {"_COMM":"dovecot","MESSAGE":"b"}
                {"MESSAGE":"c"}
                """)).isEqualTo("localhost nginx.service[9]: a\nlocalhost dovecot: b\nlocalhost journal: c\n");
    }

    @Test
    void aMessageThatIsNotUtf8ArrivesAsBytesAndAFieldGivenTwiceAsItsFirstValue() throws Exception {
        assertThat(render("{\"SYSLOG_IDENTIFIER\":[\"sshd\",\"other\"],\"MESSAGE\":[104,105,10,255]}"))
                .isEqualTo("localhost sshd: hi#012\uFFFD\n");
    }

    @Test
    void chunksEndWithWholeLinesAndTheCursorOfTheirLastEntry() throws Exception {
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            json.append("{\"__CURSOR\":\"c").append(i).append("\",\"SYSLOG_IDENTIFIER\":\"t\",\"MESSAGE\":\"")
                    .append("x".repeat(60)).append("\"}\n");
        }
        render(json.toString());
        assertThat(chunks).hasSizeGreaterThan(1);
        assertThat(chunks).allSatisfy(c -> assertThat(c.bytes()[c.length() - 1]).isEqualTo((byte) '\n'));
        assertThat(chunks.get(chunks.size() - 1).cursor()).isEqualTo("c2999");
    }
}
