package dev.warden.filters.regex;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.warden.filters.regex.RegexRun.syslog;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacker-chosen text (a user name, a client string) carrying addresses must not move the failure away
 * from the field the daemon wrote, as long as the pattern anchors on that field; {@code <HOST>} never takes
 * a name; ignore and tag do what they say; addresses come out canonical.
 */
class RegexInjectionTest {

    private static final String REAL = "203.0.113.7";
    private static final String FAKE = "192.0.2.66";

    /** User names an attacker may choose. */
    private static final List<String> NAMES = List.of(
            "bob",
            FAKE,
            "from " + FAKE,
            "x' from " + FAKE + " port 22",
            "x' from " + FAKE + " port 22 reason='",
            "' from " + FAKE + " port 1' from " + FAKE + " port 2",
            "::ffff:" + FAKE,
            "[2001:db8::66]",
            "é' from " + FAKE + " port 22");

    @Test
    void aFieldAfterTheUserNameIsFoundByTheGreedyRunBeforeIt() {
        RegexRun run = RegexRun.of("fail", "login failed for user '.*' from <ADDR> port \\d+");
        for (String name : NAMES) {
            assertThat(run.result("login failed for user '" + name + "' from " + REAL + " port 50000"))
                    .as(name).isEqualTo(REAL);
        }
    }

    @Test
    void aFieldBeforeTheUserNameIsFixedByTheAnchor() {
        RegexRun run = RegexRun.of("fail", "auth failure: rip=<ADDR>, ");
        for (String name : NAMES) {
            assertThat(run.result("auth failure: rip=" + REAL + ", user=<" + name + ">, rip=" + FAKE + ", "))
                    .as(name).isEqualTo(REAL);
        }
    }

    @Test
    void withoutAnAnchorTheLeftmostOccurrenceWins() {
        // Why anchoring is the default: unanchored, text in front of the real field can take its place.
        RegexRun loose = RegexRun.of("fail", "from <ADDR> port", "anchor", false);
        RegexRun anchored = RegexRun.of("fail", "Failed for user '.*' from <ADDR> port");
        String message = "Failed for user 'x from " + FAKE + " port 1' from " + REAL + " port 50000";
        assertThat(loose.result(message)).isEqualTo(FAKE);
        assertThat(anchored.result(message)).isEqualTo(REAL);
    }

    @Test
    void aForgedLineInsideAMessageIsNotALine() {
        RegexRun run = RegexRun.of("fail", "Failed password for \\S+ from <ADDR> port", "tag", "sshd");
        String forged = "Invalid user Nov  7 10:00:00 gw sshd[1]: Failed password for root from " + FAKE + " port 22";
        assertThat(run.results(syslog("sshd", forged))).containsExactly("none");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail.example.org", "localhost", "example", "cafe", "deadbeef", "face:b00c", "1.2.3",
            "192.0.2", "192.0.2.256", "192.0.2.01", "2001:db8::1::2", "1:2:3:4:5:6:7:8:9", "::ffff:192.0.2.300"})
    void hostNeverMatchesNamesOrBrokenLiterals(String notAnAddress) {
        RegexRun run = RegexRun.of("fail", "Failed login from <HOST>");
        assertThat(run.result("Failed login from " + notAnAddress)).isEqualTo("none");
        assertThat(run.result("Failed login from " + notAnAddress + " port 22")).isEqualTo("none");
    }

    @Test
    void hostAndAddrMatchTheSameAddresses() {
        RegexRun host = RegexRun.of("fail", "from <HOST> port");
        RegexRun addr = RegexRun.of("fail", "from <ADDR> port");
        for (String a : List.of("192.0.2.1", "2001:db8::1", "::ffff:192.0.2.1", "2001:DB8:0:0:0:0:0:1")) {
            assertThat(host.result("from " + a + " port")).isEqualTo(addr.result("from " + a + " port")).isNotEqualTo("none");
        }
    }

    @Test
    void ipv6AndMappedAddressesComeOutCanonical() {
        RegexRun run = RegexRun.of("fail", "bad login from \\[?<ADDR>\\]?(?::\\d+)?$");
        assertThat(run.result("bad login from 2001:DB8:0:0:0:0:0:1")).isEqualTo("2001:db8::1");
        assertThat(run.result("bad login from [2001:db8:0::a:b]:443")).isEqualTo("2001:db8::a:b");
        assertThat(run.result("bad login from ::ffff:192.0.2.9")).isEqualTo("192.0.2.9");
        assertThat(run.result("bad login from [::FFFF:198.51.100.9]:22")).isEqualTo("198.51.100.9");
        assertThat(run.result("bad login from 2001:db8::c000:209%eth0")).isEqualTo("2001:db8::c000:209");
        assertThat(run.result("bad login from 64:ff9b::192.0.2.9")).isEqualTo("64:ff9b::c000:209");
        assertThat(run.result("bad login from 192.0.2.9:22")).isEqualTo("192.0.2.9");
    }

    @Test
    void ignoreDiscardsAndCounts() {
        RegexRun run = RegexRun.of("fail", List.of("Failed login for (?P<user>\\S+) from <ADDR>"),
                "ignore", List.of("for monitor ", "from 198\\.51\\.100\\.", "from <ADDR> \\(trusted\\)"));
        assertThat(run.results(
                syslog("app", "Failed login for root from 192.0.2.1"),
                syslog("app", "Failed login for monitor from 192.0.2.2"),
                syslog("app", "Failed login for root from 198.51.100.3"),
                syslog("app", "Failed login for root from 2001:db8::4 (trusted)"),
                syslog("app", "Login ok for monitor from 192.0.2.5")))
                .containsExactly("192.0.2.1", "none", "none", "none", "none");
        assertThat(run.stats().ignoredLines()).isEqualTo(3);
        assertThat(run.stats().patternHits()).containsExactly(
                Map.entry("Failed login for (?P<user>\\S+) from <ADDR>", 4L));
    }

    @Test
    void aTagMismatchYieldsNothing() {
        RegexRun run = RegexRun.of("fail", "auth failed from <ADDR>", "tag", "acme");
        assertThat(run.results(
                syslog("acme", "auth failed from 192.0.2.1"),
                syslog("acme2", "auth failed from 192.0.2.2"),
                syslog("acm", "auth failed from 192.0.2.3"),
                syslog("ACME", "auth failed from 192.0.2.4"),
                "auth failed from 192.0.2.5",
                "Nov  7 10:00:00 gw auth failed from 192.0.2.6"))
                .containsExactly("192.0.2.1", "none", "none", "none", "none", "none");
    }

    @Test
    void withoutATagEveryLineIsRead() {
        RegexRun run = RegexRun.of("fail", "auth failed from <ADDR>");
        // a line without a header too, but only until the log shows a timed line: after one, core withholds such
        // a line from every filter as the rest of the message before it (docs/security.md)
        assertThat(run.results(
                "auth failed from 192.0.2.3",
                syslog("acme", "auth failed from 192.0.2.1"),
                syslog("other", "auth failed from 192.0.2.2"),
                "auth failed from 192.0.2.4"))
                .containsExactly("192.0.2.3", "192.0.2.1", "192.0.2.2", "none");
    }

    @Test
    void nonAsciiTextBeforeTheAddressDoesNotShiftIt() {
        RegexRun run = RegexRun.of("fail", "échec pour «.*» depuis <ADDR>");
        assertThat(run.result("échec pour «ünïcødé ✓ 𝄞» depuis 192.0.2.77")).isEqualTo("192.0.2.77");
        assertThat(run.result("échec pour «\u00ff\u00fe» depuis 2001:db8::77")).isEqualTo("2001:db8::77");
    }

    @Test
    void invalidUtf8IsReadNotThrownOn() {
        RegexRun run = RegexRun.of("fail", "bad .* from <ADDR>");
        byte[] head = "Nov  7 10:00:00 gw d[1]: bad ".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = " from 192.0.2.8\n".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        line.writeBytes(head);
        line.writeBytes(new byte[] {(byte) 0xC3, (byte) 0xFF, (byte) 0x80, 0});
        line.writeBytes(tail);
        assertThat(run.results(line.toByteArray())).containsExactly("192.0.2.8");
    }
}
