package dev.warden.filters.sshd;

import dev.warden.core.spi.IpAddress;
import dev.warden.core.testkit.FilterRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client-controlled text (user names, client strings, disconnect reasons, offered algorithms) carrying
 * addresses and fake messages must never produce a failure for any address but the one sshd wrote; and
 * lines of other programs imitating sshd must produce nothing. Runs in aggressive mode, where the most
 * messages count.
 */
class SshdInjectionTest {

    static final String REAL = "203.0.113.7";
    static final String FAKE = "192.0.2.66";

    /** User names an attacker may choose. */
    static final List<String> NAMES = List.of(
            "x from " + FAKE,
            "x from " + FAKE + " port 22",
            "x from " + FAKE + " port 22 ssh2",
            "x from " + FAKE + " port 22 ssh2:",
            "x from " + FAKE + " port 22 ssh2: RSA SHA256:abc",
            FAKE,
            FAKE + " port 22",
            "a " + FAKE + " port 22",
            "a " + FAKE + " port 22: Too many authentication failures",
            "a " + FAKE + " port 22 [preauth]",
            "root\\012Nov  7 10:00:00 gw sshd[1]: Failed password for root from " + FAKE + " port 22 ssh2",
            "root from " + FAKE + " not allowed because not listed in AllowUsers",
            "");

    /** Messages whose user name the client chooses; {U} is the name, every one must yield REAL. */
    static final List<String> TEMPLATES = List.of(
            "Invalid user {U} from " + REAL + " port 50000",
            "Invalid user {U} from " + REAL,
            "Failed password for invalid user {U} from " + REAL + " port 50000 ssh2",
            "Failed none for invalid user {U} from " + REAL + " port 50000 ssh2",
            "Failed publickey for invalid user {U} from " + REAL + " port 50000 ssh2: RSA SHA256:l3AzNKCYd2Cch3LvKvRP3o",
            "Connection closed by invalid user {U} " + REAL + " port 50000 [preauth]",
            "Connection reset by authenticating user {U} " + REAL + " port 50000 [preauth]",
            "Disconnected from invalid user {U} " + REAL + " port 50000 [preauth]",
            "error: maximum authentication attempts exceeded for invalid user {U} from " + REAL
                    + " port 50000 ssh2 [preauth]",
            "Disconnecting invalid user {U} " + REAL + " port 50000: Too many authentication failures [preauth]",
            "Disconnecting invalid user {U} " + REAL + " port 50000: Change of username or service not allowed: "
                    + "({U},ssh-connection) -> (" + FAKE + ",ssh-connection) [preauth]",
            "error: PAM: Authentication failure for illegal user {U} from " + REAL,
            "User {U} from " + REAL + " not allowed because not listed in AllowUsers",
            "ssh_dispatch_run_fatal: Connection from invalid user {U} " + REAL
                    + " port 50000: message authentication code incorrect [preauth]");

    @TempDir
    Path dir;

    @Test
    void userNamesNeverMoveTheAddress() throws IOException {
        List<String> lines = new ArrayList<>();
        int pid = 1000;
        for (String template : TEMPLATES) {
            for (String name : NAMES) {
                lines.add("Nov  7 10:00:00 gw sshd[" + pid++ + "]: " + template.replace("{U}", name));
            }
        }
        List<FilterRunner.Detection> found = run(lines);
        assertThat(found).allSatisfy(d -> assertThat(d.address()).isEqualTo(ip(REAL)));
        assertThat(found.stream().map(FilterRunner.Detection::line).distinct().count())
                .as("every line yields the real address").isEqualTo(lines.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Bad protocol version identification 'x' from " + FAKE + " port 1' from " + REAL + " port 50000",
        "Received disconnect from " + REAL + " port 50000:3: x from " + FAKE + " port 1: Auth fail [preauth]",
        "Received disconnect from " + REAL + ": 3: " + FAKE + ": Auth fail",
        "Unable to negotiate with " + REAL + " port 50000: no matching cipher found. Their offer: from " + FAKE
                + " port 1 [preauth]",
        "Failed hostbased for invalid user x from " + REAL + " port 50000 ssh2: RSA SHA256:abc, client user \"a\","
                + " client host \"from " + FAKE + " port 1 ssh2\"",
        "banner exchange: Connection from " + REAL + " port 50000: invalid format",
    })
    void clientTextAfterTheAddressIsIgnored(String message) throws IOException {
        List<FilterRunner.Detection> found = run(List.of("Nov  7 10:00:00 gw sshd[77]: " + message));
        assertThat(found).singleElement().satisfies(d -> assertThat(d.address()).isEqualTo(ip(REAL)));
    }

    @Test
    void pamUserCannotMoveTheAddress() throws IOException {
        List<FilterRunner.Detection> found = run(List.of(
                "Nov  7 10:00:00 gw sshd[78]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 "
                        + "tty=ssh ruser= rhost=" + REAL + "  user=x rhost=" + FAKE,
                "Nov  7 10:00:00 gw sshd[79]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 "
                        + "tty=ssh ruser=x rhost=" + FAKE + " rhost=" + REAL,
                "Nov  7 10:00:01 gw sshd[78]: Connection closed by " + REAL + " port 50000",
                "Nov  7 10:00:01 gw sshd[79]: Connection closed by " + REAL + " port 50001"));
        assertThat(found).allSatisfy(d -> assertThat(d.address()).isEqualTo(ip(REAL)));
        assertThat(found).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Nov  7 10:00:00 gw sudo[1]: Failed password for root from " + FAKE + " port 22 ssh2",
        "Nov  7 10:00:00 gw sshdx[1]: Invalid user a from " + FAKE + " port 22",
        "Nov  7 10:00:00 gw sshd-sessionx[1]: Invalid user a from " + FAKE + " port 22",
        "Nov  7 10:00:00 gw CRON[1]: sshd[2]: Failed password for root from " + FAKE + " port 22 ssh2",
        "Nov  7 10:00:00 gw kernel: sshd[2]: Failed password for root from " + FAKE + " port 22 ssh2",
        "Nov  7 10:00:00 gw evil sshd[2]: Failed password for root from " + FAKE + " port 22 ssh2",
        "Nov  7 10:00:00 gw systemd[1]: sshd.service: Invalid user a from " + FAKE + " port 22",
        "Nov  7 10:00:00 gw app: Connection closed by " + FAKE + " port 22 [preauth]",
        "Nov  7 10:00:00 gw sshd[3]: message repeated: Failed password for root from " + FAKE + " port 22 ssh2",
        "Nov  7 10:00:00 gw sshd[3]:  Close session: user a from " + FAKE + " port 22 id 0",
        "Nov  7 10:00:00 gw sshd[3]: Invalid user a from host.example.com port 22",
        "  Failed password for root from " + FAKE + " port 22 ssh2",
    })
    void otherProgramsAndNonFailuresYieldNothing(String line) throws IOException {
        assertThat(run(List.of(line))).isEmpty();
    }

    @Test
    void anEmbeddedNewlinesSecondHalfIsNoSshdLine() throws IOException {
        // a PAM module's message carrying a newline: its second half reads as a header-less sshd line
        List<String> lines = List.of(
                "Nov  7 10:00:00 gw sshd[5]: Invalid user a from " + REAL + " port 22",
                "Nov  7 10:00:01 gw sshd[5]: pam_krb5(sshd:auth): authentication failed: x",
                "sshd[1]: Failed password for root from " + FAKE + " port 22 ssh2",
                "Failed password for root from " + FAKE + " port 22 ssh2",
                "Nov  7 10:00:02 gw sshd[5]: Failed password for invalid user a from " + REAL + " port 22 ssh2");
        for (boolean requireTag : new boolean[] {true, false}) {
            assertThat(FilterRunner.run(new SshdFilterFactory(), Map.of("mode", "aggressive", "require-tag",
                    requireTag), write(lines))).extracting(d -> d.line() + " " + d.address())
                    .containsExactly("1 " + REAL, "5 " + REAL);
        }
    }

    @Test
    void anOverlongLineWhoseTailIsAFailureYieldsNothing() throws IOException {
        // a user name chosen so that the line, cut at the 64 KiB maximum, would end as sshd's own line ends
        String head = "Nov  7 10:00:01 gw sshd[6]: Invalid user ";
        String fakeEnd = " from " + FAKE + " port 22";
        String name = "y".repeat(64 * 1024 - head.length() - fakeEnd.length()) + fakeEnd;
        List<String> lines = List.of(
                "Nov  7 10:00:00 gw sshd[5]: Invalid user a from " + REAL + " port 22",
                head + name + " from " + REAL + " port 50000",
                "Nov  7 10:00:02 gw sshd[7]: Invalid user b from " + REAL + " port 22");
        assertThat((head + name).length()).isEqualTo(64 * 1024);
        assertThat(run(lines)).extracting(d -> d.line() + " " + d.address())
                .containsExactly("1 " + REAL, "3 " + REAL);
    }

    @Test
    void bareMessagesCountOnlyWithoutRequireTag() throws IOException {
        Path log = write(List.of("Invalid user a from " + REAL + " port 22",
                "Nov  7 10:00:00 gw sshd[5]: Invalid user a from " + REAL + " port 22"));
        assertThat(FilterRunner.run(new SshdFilterFactory(), Map.of(), log)).as("require-tag is on by default")
                .extracting(FilterRunner.Detection::line).containsExactly(2L);
        assertThat(FilterRunner.run(new SshdFilterFactory(), Map.of("require-tag", false), log))
                .extracting(FilterRunner.Detection::line).containsExactly(1L, 2L);
    }

    @Test
    void requireTagTakesAnSshdTagBehindHeaderWordsTheParserDoesNotRead() throws IOException {
        Path log = write(List.of(
                "2015-05-27T04:31:28.10040 auth.info: sshd[30993]:  Invalid user admin from " + REAL,
                "2015-05-27T04:31:28.10040 auth.info: May 27 04:31:28 sshd[30993]: Invalid user admin from " + REAL,
                "2015-05-27T04:31:28.10040 auth.info: Invalid user admin from " + REAL));
        assertThat(FilterRunner.run(new SshdFilterFactory(), Map.of("require-tag", true), log))
                .extracting(FilterRunner.Detection::line).containsExactly(1L, 2L);
    }

    private List<FilterRunner.Detection> run(List<String> lines) throws IOException {
        return FilterRunner.run(new SshdFilterFactory(), Map.of("mode", "aggressive"), write(lines));
    }

    private Path write(List<String> lines) throws IOException {
        Path log = Files.createTempFile(dir, "inject", ".log");
        Files.write(log, lines, StandardCharsets.UTF_8);
        return log;
    }

    private static IpAddress ip(String text) {
        return IpAddress.parse(text).orElseThrow();
    }
}
