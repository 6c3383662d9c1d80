package dev.warden.filters.sshd;

import dev.warden.core.spi.FailureSink;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.LogLine;
import dev.warden.core.testkit.FilterRunner;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test of {@link FastMessages} and its parsers by family: for every sshd message of the
 * shipped samples, the injection suite, the shared conformance corpora and a generated authlog, the
 * catalogue with the byte-level fast path yields exactly the event (kind, address, user, preauth, method)
 * of the regex-only catalogue. The small inputs are also compared for every prefix of each message (each
 * truncation point), which exercises the "undecided" edges of the hand-written parsers.
 */
class SshdFastPathTest {

    private static final MessageCatalogue FAST = new MessageCatalogue();
    private static final MessageCatalogue REGEX = new MessageCatalogue(false);
    private static final Path CONFORMANCE =
            Path.of(System.getProperty("warden.conformance", "../../shared/conformance"));
    /** {@code python3 ../shared/bench/gen_logs.py --lines 200000 --maillog-lines 0 --out /tmp/sshd-fast -q}. */
    private static final Path GENERATED = Path.of(System.getProperty("warden.sshd-fast-log", "/tmp/sshd-fast/authlog"));

    @TempDir
    Path dir;

    @Test
    void samplesAgree() throws URISyntaxException {
        for (String name : List.of("sshd.log", "sshd-aggressive.log", "sshd-pam-immediate.log")) {
            assertAgree(SshdSampleLogTest.sample(name), true, 100);
        }
    }

    @Test
    void injectionLinesAgree() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String template : SshdInjectionTest.TEMPLATES) {
            for (String name : SshdInjectionTest.NAMES) {
                String message = template.replace("{U}", name);
                lines.add("Nov  7 10:00:00 gw sshd[1]: " + message);
                lines.add("Nov  7 10:00:00 gw sshd[1]: " + message.replace(" [preauth]", ""));
                lines.add("Nov  7 10:00:00 gw sshd[1]: " + message.replace("Invalid user", "Illegal user"));
                lines.add("Nov  7 10:00:00 gw sshd[1]: " + message.replace("Failed password", "Accepted password")
                        .replace("for invalid user ", "for "));
                lines.add("Nov  7 10:00:00 gw sshd[1]: " + message.replace("Failed none", "Failed publickey")
                        .replace("for invalid user ", "for "));
                lines.add("Nov  7 10:00:00 gw sshd[1]: " + message.replace("Connection closed", "Disconnected from")
                        .replace(" by invalid", " authenticating"));
                lines.add("Nov  7 10:00:00 gw sshd[1]: pam_unix(sshd:auth): authentication failure; logname= uid=0 "
                        + "euid=0 tty=ssh ruser=" + name.replace(' ', '_') + " rhost=" + SshdInjectionTest.REAL
                        + "  user=" + name);
            }
        }
        String real = SshdInjectionTest.REAL;
        String fake = SshdInjectionTest.FAKE;
        lines.addAll(List.of(
                "Nov  7 10:00:00 gw sshd[1]: Received disconnect from " + real + " port 50000:3: x from " + fake
                        + " port 1: Auth fail [preauth]",
                "Nov  7 10:00:00 gw sshd[1]: Received disconnect from " + real + ": 3: " + fake + ": Auth fail",
                "Nov  7 10:00:00 gw sshd[1]: Received disconnect from " + real + " port 1:14: No authentication methods available",
                "Nov  7 10:00:00 gw sshd[1]: Received disconnect from " + real + " port 1:14: No supported authentication methods available [preauth]",
                "Nov  7 10:00:00 gw sshd[1]: Received disconnect from " + real + " port 1: 14:  No supported authentication methods available",
                "Nov  7 10:00:00 gw sshd[1]: Received disconnect from " + real + ": port 1:11: x",
                "Nov  7 10:00:00 gw sshd[1]: Received disconnect from 2001:db8::1: 11: bye",
                "Nov  7 10:00:00 gw sshd[1]: Received disconnect from 2001:db8:: port 22:11: bye",
                "Nov  7 10:00:00 gw sshd[1]: Unable to negotiate with " + real + " port 50000: no matching cipher found. "
                        + "Their offer: from " + fake + " port 1 [preauth]",
                "Nov  7 10:00:00 gw sshd[1]: Unable to negotiate with " + real + " port 50000: no matching found.",
                "Nov  7 10:00:00 gw sshd[1]: Unable to negotiate with " + real + " port 50000: no matching  found.",
                "Nov  7 10:00:00 gw sshd[1]: Failed hostbased for invalid user x from " + real + " port 50000 ssh2: RSA "
                        + "SHA256:abc, client user \"a\", client host \"from " + fake + " port 1 ssh2\"",
                "Nov  7 10:00:00 gw sshd[1]: Failed password for root from " + real + ": port 22 ssh2",
                "Nov  7 10:00:00 gw sshd[1]: Failed password for root from 2001:db8:: port 22 ssh2: x",
                "Nov  7 10:00:00 gw sshd[1]: Failed password for root from " + real + " port 22 ssh",
                "Nov  7 10:00:00 gw sshd[1]: Failed password for root from " + real + " port 22 on 10.0.0.1 port 22 ssh2",
                "Nov  7 10:00:00 gw sshd[1]: Failed for for invalid user x from " + real + " port 22 ssh2",
                "Nov  7 10:00:00 gw sshd[1]: Failed password for invalid user  from " + real + " port 22 ssh2",
                "Nov  7 10:00:00 gw sshd[1]: Failed password for invalid user from " + real + " port 22 ssh2",
                "Nov  7 10:00:00 gw sshd[1]: Failed password for  from " + real + " port 22 ssh2",
                "Nov  7 10:00:00 gw sshd[1]: Accepted publickey for git from " + real + " port 22 ssh2: ED25519 SHA256:x",
                "Nov  7 10:00:00 gw sshd[1]: Connection closed by invalid user  " + real + " port 22 [preauth]",
                "Nov  7 10:00:00 gw sshd[1]: Connection closed by invalid user " + real + " port 22 [preauth]",
                "Nov  7 10:00:00 gw sshd[1]: Connection closed by " + real + " port [preauth]",
                "Nov  7 10:00:00 gw sshd[1]: Disconnected from user root " + real + " port 22",
                "Nov  7 10:00:00 gw sshd[1]: Disconnected from user port 22",
                "Nov  7 10:00:00 gw sshd[1]: Disconnected from host.example.com port 22",
                "Nov  7 10:00:00 gw sshd[1]: Invalid user x from from port 22",
                "Nov  7 10:00:00 gw sshd[1]: Invalid user x\tfrom " + real + " port 22",
                "Nov  7 10:00:00 gw sshd[1]: Invalid user \u00e9t\u00e9 from " + real + " port 22",
                "Nov  7 10:00:00 gw sshd[1]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh "
                        + "ruser= rhost=" + real,
                "Nov  7 10:00:00 gw sshd[1]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh "
                        + "ruser= rhost=" + real + "   user=   ",
                "Nov  7 10:00:00 gw sshd[1]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh "
                        + "ruser=x rhost=" + fake + " rhost=" + real,
                "Nov  7 10:00:00 gw sshd[1]: pam_unix(sshd:auth): authentication failure; user=x ruser= rhost=" + real,
                "Nov  7 10:00:00 gw sshd[1]: pam_unix(sshd:session): session opened for user root",
                "Nov  7 10:00:00 gw sshd[1]: pam_unix(sshd:auth): check pass; user unknown",
                "Nov  7 10:00:00 gw sshd[1]: Timeout before authentication for connection from " + real + " port 2",
                "Nov  7 10:00:00 gw sshd[1]: Timeout before authentication for " + real + " port 2",
                "Nov  7 10:00:00 gw sshd[1]: banner exchange: Connection from " + real + " port 50000: invalid format",
                "Nov  7 10:00:00 gw sshd[1]: error: kex_exchange_identification: read: Connection reset by peer",
                "Nov  7 10:00:00 gw sshd[1]: error: kex_exchange_identification: Client sent invalid protocol identifier \"x\"",
                "Nov  7 10:00:00 gw sshd[1]: error: kex_exchange_identification: read: read: Connection reset by peer",
                "Nov  7 10:00:00 gw sshd[1]: error: kex_exchange_identification: connection closed by remote host",
                "Nov  7 10:00:00 gw sshd[1]: Disconnecting: Too many authentication failures for root [preauth]",
                "Nov  7 10:00:00 gw sshd[1]: Disconnecting: Too many authentication failures",
                "Nov  7 10:00:00 gw sshd[1]: Disconnecting: Too many authentication failuresfor x",
                "Nov  7 10:00:00 gw sshd[1]: Disconnecting authenticating user root " + real + " port 22: Too many "
                        + "authentication failures [preauth]",
                "Nov  7 10:00:00 gw sshd[1]: Disconnecting invalid user x " + real + " port 22: Too many "
                        + "authentication failures for x",
                "Nov  7 10:00:00 gw sshd[1]: Disconnecting invalid user x gw.example port 22: Too many "
                        + "authentication failures",
                "Nov  7 10:00:00 gw sshd[1]: Disconnecting invalid user " + real + " port 22: Too many "
                        + "authentication failures",
                "Nov  7 10:00:00 gw sshd[1]: Disconnecting invalid user  " + real + " port 22: Too many "
                        + "authentication failures",
                "Nov  7 10:00:00 gw sshd[1]: error: maximum authentication attempts exceeded for root from " + real
                        + " port 22 ssh2 [preauth]",
                "Nov  7 10:00:00 gw sshd[1]: error: maximum authentication attempts exceeded for  from " + real
                        + " port 22 ssh2 [preauth]",
                "Nov  7 10:00:00 gw sshd[1]: error: maximum authentication attempts exceeded for from " + real
                        + " port 22 ssh2 [preauth]",
                "Nov  7 10:00:00 gw sshd[1]: error: maximum authentication attempts exceeded for root from " + real));
        lines.addAll(connectLines(real, fake));
        lines.addAll(notAllowedLines(real, fake));
        Path log = dir.resolve("inject.log");
        Files.write(log, lines, StandardCharsets.UTF_8);
        assertAgree(log, true, 500);
    }

    /**
     * The plain {@code Connection from} and {@code User ... not allowed} shapes are decided on the bytes (the
     * comparisons above would also pass if the fast path left them to the regexes).
     */
    @Test
    void connectAndNotAllowedAreDecidedOnTheBytes() {
        String real = SshdInjectionTest.REAL;
        String fake = SshdInjectionTest.FAKE;
        assertFast("Connection from " + real + " port 50000 on 10.0.0.1 port 22", MessageKind.CONNECT, real);
        assertFast("Connection from 2001:db8::1 port 50000 on 2001:db8::2 port 22 rdomain \"vrf1\"",
                MessageKind.CONNECT, "2001:db8::1");
        assertFast("Connection from " + real, MessageKind.CONNECT, real);
        assertFast("User root from " + real + " not allowed because not listed in AllowUsers",
                MessageKind.AUTH_FAILURE, real);
        assertFast("User x from " + fake + " not allowed because y from " + real + " not allowed because listed in "
                + "DenyUsers", MessageKind.AUTH_FAILURE, real);
        assertFast("User root from host.example.com not allowed because account is locked", MessageKind.LOCKED, null);
        assertFast("User root not allowed because account is locked", MessageKind.LOCKED, null);
        byte[] none = "User root from host.example.com not allowed because not listed in AllowUsers"
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(FastMessages.parse(none, 0, none.length, true)).isSameAs(FastMessages.NONE);
    }

    private static void assertFast(String message, MessageKind kind, String address) {
        byte[] b = message.getBytes(StandardCharsets.US_ASCII);
        IpAddress a = address == null ? null : IpAddress.parse(address).orElseThrow();
        assertThat(FastMessages.parse(b, 0, b.length, true)).as(message)
                .isEqualTo(new SshdEvent(kind, a, null, true));
    }

    /** {@code Connection from A ...} (LogLevel VERBOSE): every optional part, and each way to break the shape. */
    private static List<String> connectLines(String real, String fake) {
        List<String> messages = List.of(
                "Connection from " + real + " port 50000 on 10.0.0.1 port 22",
                "Connection from " + real + " port 50000 on 10.0.0.1 port 22 rdomain \"vrf-" + fake + "\"",
                "Connection from " + real + " port 50000 on 10.0.0.1 port 22 rdomain ",
                "Connection from " + real + " port 50000 on 10.0.0.1 port 22 rdomainx",
                "Connection from " + real + " port 50000 on 10.0.0.1 port 22 [preauth]",
                "Connection from " + real + " port 50000 on 10.0.0.1 port 22 from " + fake + " port 1",
                "Connection from " + real + " port 50000 on 10.0.0.1 port 22 port 23",
                "Connection from " + real + " port 50000 on 10.0.0.1 port x",
                "Connection from " + real + " port 50000 on 10.0.0.1 port",
                "Connection from " + real + " port 50000 on  port 22",
                "Connection from " + real + " port 50000 on " + fake,
                "Connection from " + real + " port 50000 port 22",
                "Connection from " + real + " port x on 10.0.0.1 port 22",
                "Connection from " + real + " on 10.0.0.1 port 22",
                "Connection from " + real + " rdomain vrf1",
                "Connection from " + real + " port 50000",
                "Connection from " + real,
                "Connection from  " + real + " port 50000",
                "Connection from " + real + ":50000 port 50000",
                "Connection from [" + real + "] port 50000",
                "Connection from 2001:db8::1 port 50000 on 2001:db8::2 port 22",
                "Connection from ::ffff:" + real + " port 50000 on ::ffff:10.0.0.1 port 22",
                "Connection from fe80::1%eth0 port 50000 on fe80::2%eth0 port 22",
                "Connection from host.example.com port 50000 on 10.0.0.1 port 22",
                "Connection from " + real + " port 50000 on 10.0.0.1 port 22 rdomain \u00e9t\u00e9",
                "Connection from " + real + " port 50000 on h\u00f6st port 22",
                "Connection from " + real + " port 50000 on 10.0.0.1 port 22 \u0001");
        return messages.stream().map(m -> "Nov  7 10:00:00 gw sshd[1]: " + m).toList();
    }

    /**
     * {@code User U from A not allowed because R} and the address-less {@code ... account is locked}: names
     * that fake the message, overlapping reasons, host names, IPv6, a missing reason, PAM's {@code User not
     * known}, non-ASCII.
     */
    private static List<String> notAllowedLines(String real, String fake) {
        List<String> messages = List.of(
                "User root from " + real + " not allowed because not listed in AllowUsers",
                "User root from " + real + " not allowed because account is locked",
                "User root from 2001:db8::1 not allowed because listed in DenyUsers",
                "User root from ::ffff:" + real + " not allowed because none of user's groups are listed in "
                        + "AllowGroups",
                "User root from host.example.com not allowed because not listed in AllowUsers",
                "User root from host.example.com not allowed because account is locked",
                "User root not allowed because account is locked",
                "User  not allowed because account is locked",
                "User not allowed because account is locked",
                "User x from " + fake + " not allowed because y from " + real + " not allowed because not listed "
                        + "in AllowUsers",
                "User x from " + fake + " not allowed because y from host.example.com not allowed because account "
                        + "is locked",
                "User x from " + fake + " not allowed because y from " + real + " not allowed because",
                "User x from " + real + " not allowed because not allowed because y",
                "User x from " + real + " not allowed because not listed from " + fake,
                "User x from " + real + " port 22 not allowed because y",
                "User x from " + real + "  not allowed because y",
                "User x from not allowed because y",
                "User  from " + real + " not allowed because y",
                "User from " + real + " not allowed because y",
                "User x from " + real + " not allowed because ",
                "User x from " + real + " not allowed",
                "User x from " + real,
                "User not known to the underlying authentication module for x from " + real,
                "User not known to the underlying authentication module for x from " + fake + " not allowed because y",
                "User r\u00f6ot from " + real + " not allowed because not listed in AllowUsers",
                "User root from " + real + " not allowed because \u00e9");
        return messages.stream().map(m -> "Nov  7 10:00:00 gw sshd[1]: " + m).toList();
    }

    @Test
    void conformanceCorporaAgree() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(CONFORMANCE), "no conformance corpora at " + CONFORMANCE);
        List<Path> inputs = new ArrayList<>();
        try (var files = Files.walk(CONFORMANCE)) {
            files.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".log") || n.endsWith(".input") || n.equals("sshd") || n.equals("sshd-journal")
                                || n.equals("tests.txt");
                    })
                    .forEach(inputs::add);
        }
        assertThat(inputs).isNotEmpty();
        for (Path input : inputs) {
            assertAgree(input, true, 0);
        }
    }

    @Test
    void generatedAuthlogAgrees() {
        Assumptions.assumeTrue(Files.isRegularFile(GENERATED), "no generated log at " + GENERATED);
        assertAgree(GENERATED, false, 100_000);
    }

    /**
     * Runs both catalogues over every sshd message of {@code log}; with {@code prefixes}, also over every
     * prefix of each message. Asserts that they agree and that at least {@code minFast} messages were
     * decided by the fast path.
     */
    private static void assertAgree(Path log, boolean prefixes, int minFast) {
        Comparing c = new Comparing(prefixes);
        FilterRunner.run(c, log);
        assertThat(c.mismatches).as("fast path vs regex in " + log).isEmpty();
        assertThat(c.fast).as("messages decided by the fast path in " + log).isGreaterThanOrEqualTo(minFast);
    }

    private static final class Comparing implements Filter {
        final SshdLineLocator locator = new SshdLineLocator(false);
        final boolean prefixes;
        final List<String> mismatches = new ArrayList<>();
        final Map<MessageKind, Integer> kinds = new EnumMap<>(MessageKind.class);
        int fast;

        Comparing(boolean prefixes) {
            this.prefixes = prefixes;
        }

        @Override
        public void accept(LogLine line, FailureSink sink) {
            if (!locator.locate(line)) {
                return;
            }
            byte[] b = line.bytes();
            int s = locator.start;
            int e = locator.end;
            compare(b, s, e, locator.preauth);
            if (prefixes) {
                for (int end = s + 1; end < e; end++) {
                    compare(b, s, end, !locator.preauth);
                }
            }
        }

        private void compare(byte[] b, int s, int e, boolean preauth) {
            SshdEvent expected = REGEX.parse(b, s, e, preauth);
            SshdEvent actual = FAST.parse(b, s, e, preauth);
            if (FastMessages.parse(b, s, e, preauth) != FastMessages.UNDECIDED) {
                fast++;
            }
            if (!java.util.Objects.equals(expected, actual) && mismatches.size() < 50) {
                mismatches.add(new String(b, s, e - s, StandardCharsets.UTF_8) + "\n   regex: " + expected
                        + "\n   fast:  " + actual);
            }
        }
    }
}
