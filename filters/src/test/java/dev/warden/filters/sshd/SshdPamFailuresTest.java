package dev.warden.filters.sshd;

import dev.warden.core.spi.FailureSink;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.testkit.FilterRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code pam-failures} option: {@code immediate} counts a PAM failure on its own line and each attempt
 * once; {@code deferred} (the default) keeps waiting for the session's outcome as before.
 */
class SshdPamFailuresTest {

    private static final String PAM = "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ";

    @TempDir
    Path dir;

    // ---- immediate: once per attempt, on the PAM line

    @Test
    void immediateCountsThePamLineAndNotSshdsFailedLineOfTheSameAttempt() throws IOException {
        List<String> got = run("immediate",
                "Mar  7 10:00:00 h sshd[100]: " + PAM + "ruser= rhost=192.0.2.10  user=root",
                "Mar  7 10:00:02 h sshd[100]: Failed password for root from 192.0.2.10 port 50000 ssh2",
                "Mar  7 10:00:04 h sshd[100]: " + PAM + "ruser= rhost=192.0.2.10  user=root",
                "Mar  7 10:00:06 h sshd[100]: Failed password for root from 192.0.2.10 port 50000 ssh2",
                "Mar  7 10:00:07 h sshd[100]: Connection closed by authenticating user root 192.0.2.10 port 50000 [preauth]");
        assertThat(got).containsExactly("1 192.0.2.10 pam", "3 192.0.2.10 pam");
    }

    @Test
    void immediateLonePamFailureCountsAtOnceAndNothingLater() throws IOException {
        List<String> got = run("immediate",
                "Nov  2 15:40:14 h sshd[200]: " + PAM + "ruser= rhost=192.0.2.20 user=workshop",
                "Nov  2 15:40:15 h sshd[200]: " + PAM + "ruser= rhost=192.0.2.21",
                // another pid, two months later: the idle session is evicted without reporting anything
                "Dec 22 14:53:37 h sshd[201]: Connection closed by authenticating user root 198.51.100.5 port 1 [preauth]");
        assertThat(got).containsExactly("1 192.0.2.20 pam", "2 192.0.2.21 pam");
    }

    @Test
    void immediateKeyboardInteractiveIsPamBacked() throws IOException {
        List<String> got = run("immediate",
                "Mar  7 10:00:00 h sshd[300]: " + PAM + "ruser= rhost=2001:db8::30  user=alice",
                "Mar  7 10:00:02 h sshd[300]: Failed keyboard-interactive/pam for alice from 2001:db8::30 port 5 ssh2",
                "Mar  7 10:00:03 h sshd[301]: " + PAM + "ruser= rhost=192.0.2.31",
                "Mar  7 10:00:05 h sshd[301]: Failed keyboard-interactive for <invalid username> from 192.0.2.31 port 6 ssh2");
        assertThat(got).containsExactly("1 2001:db8::30 pam", "3 192.0.2.31 pam");
    }

    @Test
    void immediateInvalidUserCountsLikeDeferred() throws IOException {
        String[] lines = {
            "Mar  7 10:00:00 h sshd[400]: Invalid user oracle from 192.0.2.40 port 7",
            "Mar  7 10:00:01 h sshd[400]: pam_unix(sshd:auth): check pass; user unknown",
            "Mar  7 10:00:01 h sshd[400]: " + PAM + "ruser= rhost=192.0.2.40",
            "Mar  7 10:00:03 h sshd[400]: Failed password for invalid user oracle from 192.0.2.40 port 7 ssh2",
            "Mar  7 10:00:04 h sshd[400]: Connection closed by invalid user oracle 192.0.2.40 port 7 [preauth]",
        };
        assertThat(run("immediate", lines)).containsExactly("1 192.0.2.40 auth", "3 192.0.2.40 pam");
        assertThat(run("deferred", lines)).containsExactly("1 192.0.2.40 auth", "4 192.0.2.40 auth");
    }

    @Test
    void immediateWithoutAPidCountsOnlySshdsLineLikeDeferred() throws IOException {
        String[] lines = {
            "Mar  7 10:00:00 h sshd: " + PAM + "ruser= rhost=192.0.2.45  user=root",
            "Mar  7 10:00:01 h sshd: Failed password for root from 192.0.2.45 port 50000 ssh2",
        };
        assertThat(run("immediate", lines)).containsExactly("2 192.0.2.45 auth");
        assertThat(run("deferred", lines)).containsExactly("2 192.0.2.45 auth");
    }

    @Test
    void immediateStackedModulesOfOneAttemptCountOnce() throws IOException {
        List<String> got = run("immediate",
                "Mar  7 10:00:00 h sshd[500]: " + PAM + "ruser= rhost=192.0.2.50  user=bob",
                "Mar  7 10:00:00 h sshd[500]: pam_sss(sshd:auth): authentication failure; logname= uid=0 euid=0 "
                        + "tty=ssh ruser= rhost=192.0.2.50 user=bob",
                "Mar  7 10:00:02 h sshd[500]: Failed password for bob from 192.0.2.50 port 8 ssh2",
                "Mar  7 10:00:04 h sshd[500]: " + PAM + "ruser= rhost=192.0.2.50  user=bob",
                "Mar  7 10:00:04 h sshd[500]: pam_sss(sshd:auth): authentication failure; logname= uid=0 euid=0 "
                        + "tty=ssh ruser= rhost=192.0.2.50 user=bob",
                "Mar  7 10:00:06 h sshd[500]: Failed password for bob from 192.0.2.50 port 8 ssh2");
        assertThat(got).containsExactly("1 192.0.2.50 pam", "4 192.0.2.50 pam");
    }

    @Test
    void immediateOnlyPamBackedMethodsOfTheSameAddressAndPidConsumeTheAttempt() throws IOException {
        List<String> got = run("immediate",
                "Mar  7 10:00:00 h sshd[600]: " + PAM + "ruser= rhost=192.0.2.60",
                "Mar  7 10:00:01 h sshd[600]: Failed publickey for invalid user x from 192.0.2.60 port 9 ssh2: "
                        + "ED25519 SHA256:abc",
                "Mar  7 10:00:02 h sshd[601]: Failed password for invalid user x from 192.0.2.60 port 10 ssh2",
                "Mar  7 10:00:03 h sshd[600]: Failed password for invalid user x from 192.0.2.60 port 9 ssh2");
        assertThat(got).containsExactly("1 192.0.2.60 pam", "2 192.0.2.60 auth", "3 192.0.2.60 auth");
    }

    @Test
    void immediateSuccessCannotTakeBackAReportedFailureAndEndsTheAttempt() throws IOException {
        List<String> got = run("immediate",
                // gh-2070: pam_unix fails, a second module lets the user in
                "Mar  7 18:53:20 h sshd[700]: " + PAM + "ruser= rhost=192.0.2.70  user=rda",
                "Mar  7 18:53:20 h sshd[700]: " + PAM + "ruser=rda rhost=192.0.2.70 [preauth]",
                "Mar  7 18:53:20 h sshd[700]: Accepted password for rda from 192.0.2.70 port 52100 ssh2",
                // after the success nothing of the session is pending: its end reports nothing
                "Mar  7 18:59:00 h sshd[700]: Received disconnect from 192.0.2.70 port 52100:11: disconnected by user",
                // another connection: two users tried, then a third logs in
                "Mar  7 18:53:22 h sshd[701]: " + PAM + "ruser=root rhost=192.0.2.71",
                "Mar  7 18:53:23 h sshd[701]: " + PAM + "ruser=sudoer rhost=192.0.2.71",
                "Mar  7 18:53:24 h sshd[701]: Accepted password for known from 192.0.2.71 port 52100 ssh2",
                "Mar  7 18:53:25 h sshd[701]: Failed password for known from 192.0.2.71 port 52100 ssh2");
        assertThat(got).containsExactly("1 192.0.2.70 pam", "5 192.0.2.71 pam", "6 192.0.2.71 pam",
                "8 192.0.2.71 auth");
    }

    @Test
    void immediateCountsWhatDeferredCountsWhenNoLoginSucceeds() throws IOException {
        String[] lines = {
            "Mar  7 10:00:00 h sshd[800]: " + PAM + "ruser= rhost=192.0.2.80  user=root",
            "Mar  7 10:00:02 h sshd[800]: Failed password for root from 192.0.2.80 port 1 ssh2",
            "Mar  7 10:00:03 h sshd[801]: " + PAM + "ruser= rhost=198.51.100.81  user=admin",
            "Mar  7 10:00:04 h sshd[800]: " + PAM + "ruser= rhost=192.0.2.80  user=root",
            "Mar  7 10:00:05 h sshd[801]: Failed password for admin from 198.51.100.81 port 2 ssh2",
            "Mar  7 10:00:06 h sshd[800]: Failed password for root from 192.0.2.80 port 1 ssh2",
            "Mar  7 10:00:07 h sshd[802]: " + PAM + "ruser= rhost=203.0.113.82  user=guest",
            "Mar  7 10:00:08 h sshd[801]: " + PAM + "ruser= rhost=198.51.100.81  user=test",
            "Mar  7 10:00:09 h sshd[800]: error: maximum authentication attempts exceeded for root from 192.0.2.80 "
                    + "port 1 ssh2 [preauth]",
            "Mar  7 10:00:09 h sshd[800]: Disconnecting authenticating user root 192.0.2.80 port 1: "
                    + "Too many authentication failures [preauth]",
            "Mar  7 10:00:10 h sshd[801]: Connection closed by authenticating user test 198.51.100.81 port 2 [preauth]",
            "Mar  7 10:00:11 h sshd[802]: Connection closed by authenticating user guest 203.0.113.82 port 3 [preauth]",
        };
        Map<String, Integer> immediate = perAddress(run("immediate", lines));
        assertThat(immediate).isEqualTo(perAddress(run("deferred", lines)))
                .containsEntry("192.0.2.80", 3).containsEntry("198.51.100.81", 2).containsEntry("203.0.113.82", 1);
    }

    // ---- deferred: the default, unchanged

    @Test
    void deferredIsTheDefaultAndWaitsForTheOutcome() throws IOException {
        String[] lines = {
            "Mar  7 10:00:00 h sshd[900]: " + PAM + "ruser= rhost=192.0.2.90  user=root",
            "Mar  7 10:00:02 h sshd[900]: Failed password for root from 192.0.2.90 port 1 ssh2",
            "Mar  7 10:00:03 h sshd[901]: " + PAM + "ruser= rhost=192.0.2.91  user=rda",
            "Mar  7 10:00:03 h sshd[901]: Accepted password for rda from 192.0.2.91 port 2 ssh2",
            "Mar  7 10:00:04 h sshd[902]: " + PAM + "ruser=root rhost=192.0.2.92",
            "Mar  7 10:00:05 h sshd[902]: " + PAM + "ruser=sudoer rhost=192.0.2.92",
            "Mar  7 10:00:06 h sshd[903]: " + PAM + "ruser= rhost=192.0.2.93  user=x",
            "Mar  7 10:00:07 h sshd[903]: Connection closed by authenticating user x 192.0.2.93 port 3 [preauth]",
        };
        List<String> expected = List.of("2 192.0.2.90 auth", "6 192.0.2.92 pam", "8 192.0.2.93 pam");
        assertThat(run(null, lines)).isEqualTo(expected);
        assertThat(run("deferred", lines)).isEqualTo(expected);
    }

    // ---- state stays bounded

    @Test
    void immediateKeepsAtMostMaxWaitingAttemptsPerSessionAndReportsEveryOne() {
        SessionTable table = new SessionTable(4, 600_000);
        SessionCorrelator c = new SessionCorrelator(SshdMode.NORMAL, PamFailures.IMMEDIATE, table);
        List<String> out = new ArrayList<>();
        FailureSink sink = sink(out);
        IpAddress a = IpAddress.parse("192.0.2.99").orElseThrow();
        for (int i = 0; i < 50; i++) {
            c.apply(new SshdEvent(MessageKind.PAM_FAILURE, a, "u" + i, false), 7, i * 3_000L, sink);
            Session s = table.find(7, i * 3_000L, x -> { });
            assertThat(s.pam).hasSizeLessThanOrEqualTo(Session.MAX_WAITING);
        }
        assertThat(out).hasSize(50);
        for (long pid = 100; pid < 120; pid++) {
            c.apply(new SshdEvent(MessageKind.PAM_FAILURE, a, "v", false), pid, 200_000, sink);
        }
        assertThat(table.size()).isEqualTo(4);
        assertThat(out).hasSize(70).allMatch(r -> r.equals("192.0.2.99 pam"));
    }

    @Test
    void unknownValueIsRefused() {
        assertThatThrownBy(() -> FilterRunner.create(new SshdFilterFactory(), Map.of("pam-failures", "later")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pam-failures");
    }

    // ---- helpers

    /** Runs the lines with {@code pam-failures} set (null: the default); rows are "line address kind". */
    private List<String> run(String pamFailures, String... lines) throws IOException {
        Path log = Files.createTempFile(dir, "sshd", ".log");
        Files.write(log, List.of(lines), StandardCharsets.UTF_8);
        Map<String, Object> options = pamFailures == null ? Map.of() : Map.of("pam-failures", pamFailures);
        List<String> out = new ArrayList<>();
        for (FilterRunner.Detection d : FilterRunner.run(new SshdFilterFactory(), options, log)) {
            out.add(d.line() + " " + (d.address() == null ? "-" : d.address()) + " " + d.kind());
        }
        return out;
    }

    private static Map<String, Integer> perAddress(List<String> rows) {
        Map<String, Integer> n = new TreeMap<>();
        for (String r : rows) {
            n.merge(r.split(" ")[1], 1, Integer::sum);
        }
        return n;
    }

    private static FailureSink sink(List<String> out) {
        return new FailureSink() {
            @Override
            public void failure(IpAddress address, long epochMillis, String kind) {
                out.add(address + " " + kind);
            }

            @Override
            public void unattributed(long epochMillis, String kind) {
                out.add("- " + kind);
            }
        };
    }
}
