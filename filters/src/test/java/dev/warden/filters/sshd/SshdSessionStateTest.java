package dev.warden.filters.sshd;

import dev.warden.core.spi.FailureSink;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.testkit.FilterRunner;
import dev.warden.core.testkit.FilterRunner.Detection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * {@link SshdFilter#saveState} and {@link SshdFilter#restoreState}: per-pid sessions across a restart.
 * A log split in two and read by two filters, the second restored from the first, reports exactly what one
 * filter reports over the whole log.
 */
class SshdSessionStateTest {

    private static final String PAM = "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ";
    private static final long T0 = 1_700_000_000_000L;
    /** Mar  7 10:00:00 of {@link FilterRunner#REFERENCE}'s year, UTC: the first line of {@link #FIRST_HALF}. */
    private static final long MARCH_7_10H = 1_772_877_600_000L;

    /** Lines whose outcome depends on an earlier line of the same pid; the restart falls between the halves. */
    private static final String[] FIRST_HALF = {
        "Mar  7 10:00:00 h sshd[1000]: Connection from 203.0.113.5 port 40000 on 10.0.0.1 port 22 rdomain \"\"",
        "Mar  7 10:00:01 h sshd[1001]: " + PAM + "ruser= rhost=198.51.100.7  user=root",
        "Mar  7 10:00:01 h sshd[1002]: " + PAM + "ruser= rhost=192.0.2.20  user=alice",
        "Mar  7 10:00:02 h sshd[1003]: error: maximum authentication attempts exceeded for root from 192.0.2.9 "
                + "port 1 ssh2 [preauth]",
        "Mar  7 10:00:03 h sshd[1004]: User carol not allowed because account is locked",
        "Mar  7 10:00:03 h sshd[1005]: " + PAM + "ruser= rhost=192.0.2.55  user=dave",
        "Mar  7 10:00:03 h sshd[1006]: kex_exchange_identification: Connection closed by remote host",
        "Mar  7 10:00:03 h sshd[1007]: Connection from 192.0.2.77 port 40007 on 10.0.0.1 port 22",
    };
    private static final String[] SECOND_HALF = {
        // the address only an earlier line of pid 1000 named
        "Mar  7 10:00:04 h sshd[1000]: User bob not allowed because account is locked",
        // deferred: the held PAM failure is reported at the close; immediate: it was counted already
        "Mar  7 10:00:05 h sshd[1001]: Connection closed by authenticating user root 198.51.100.7 port 5 [preauth]",
        // deferred: forgiven by the success of the same user and address
        "Mar  7 10:00:05 h sshd[1002]: Accepted password for alice from 192.0.2.20 port 6 ssh2",
        // one failure with the max-attempts line before the restart
        "Mar  7 10:00:06 h sshd[1003]: Disconnecting authenticating user root 192.0.2.9 port 1: "
                + "Too many authentication failures [preauth]",
        // the locked account waited for an address
        "Mar  7 10:00:07 h sshd[1004]: Connection closed by authenticating user carol 192.0.2.44 port 3 [preauth]",
        // immediate: the PAM line counted this attempt
        "Mar  7 10:00:08 h sshd[1005]: Failed password for dave from 192.0.2.55 port 7 ssh2",
        // ddos: the scanner line waited for an address
        "Mar  7 10:00:09 h sshd[1006]: Connection closed by 192.0.2.66 port 8 [preauth]",
        // ddos: still the handshake of the connection pid 1007 announced before the restart
        "Mar  7 10:00:10 h sshd[1007]: kex_exchange_identification: read: Connection reset by peer",
    };

    private static SshdFilter filter(Map<String, ?> options) {
        return (SshdFilter) FilterRunner.create(new SshdFilterFactory(), options);
    }

    private static byte[] log(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static IpAddress ip(String s) {
        return IpAddress.parse(s).orElseThrow();
    }

    // ---- (a) a split log, restored, reports what one filter reports over the whole log

    @ParameterizedTest
    @CsvSource({"normal,deferred", "normal,immediate", "ddos,deferred", "aggressive,immediate"})
    void aLogSplitByARestartReportsWhatOneFilterReportsOverTheWholeLog(String mode, String pam) {
        Map<String, String> options = Map.of("mode", mode, "pam-failures", pam);
        String[] all = concat(FIRST_HALF, SECOND_HALF);
        List<Detection> whole = FilterRunner.run(filter(options), log(all), "auth.log");

        SshdFilter a = filter(options);
        List<Detection> split = new ArrayList<>(FilterRunner.run(a, log(FIRST_HALF), "auth.log.0"));
        String state = a.saveState();
        assertThat(state).startsWith(SessionState.header(PamFailures.of(pam)) + "\n");
        SshdFilter b = filter(options);
        b.restoreState(state);
        split.addAll(shift(FilterRunner.run(b, log(SECOND_HALF), "auth.log"), FIRST_HALF.length));
        assertThat(split).isEqualTo(whole);

        List<Detection> unrestored = new ArrayList<>(FilterRunner.run(filter(options), log(FIRST_HALF), "x"));
        unrestored.addAll(shift(FilterRunner.run(filter(options), log(SECOND_HALF), "x"), FIRST_HALF.length));
        assertThat(unrestored).as("without the state the second half reads differently").isNotEqualTo(whole);
    }

    @Test
    void theSecondHalfIsAttributedOnlyThroughTheState() {
        Map<String, String> options = Map.of("mode", "normal", "pam-failures", "deferred");
        SshdFilter a = filter(options);
        FilterRunner.run(a, log(FIRST_HALF), "auth.log.0");
        SshdFilter b = filter(options);
        b.restoreState(a.saveState());
        assertThat(FilterRunner.run(b, log(SECOND_HALF), "auth.log"))
                .extracting(d -> d.line() + " " + d.address() + " " + d.kind())
                .containsExactly("1 203.0.113.5 auth", "2 198.51.100.7 pam", "5 192.0.2.44 auth",
                        "6 192.0.2.55 auth");
        // without it: bob's locked account waits for an address pid 1000 never names again, the PAM failure
        // and carol's are lost, and the too-many line counts a second time
        assertThat(FilterRunner.run(filter(options), log(SECOND_HALF), "auth.log"))
                .extracting(d -> d.line() + " " + d.address() + " " + d.kind())
                .containsExactly("4 192.0.2.9 max-attempts", "6 192.0.2.55 auth");
    }

    @Test
    void nothingOpenSavesNullAndAnEndedSessionIsNotSaved() {
        SshdFilter f = filter(Map.of());
        assertThat(f.saveState()).isNull();
        FilterRunner.run(f, log("Mar  7 10:00:00 h sshd[9]: Connection from 192.0.2.1 port 1 on 10.0.0.1 port 22",
                "Mar  7 10:00:01 h sshd[9]: Connection closed by 192.0.2.1 port 1 [preauth]"), "auth.log");
        assertThat(f.saveState()).isNull();
    }

    // ---- (b) what cannot be read is ignored, and the filter works afterwards

    @Test
    void garbageWrongHeadersAndTruncatedTextNeverThrowAndLeaveAWorkingFilter() {
        SshdFilter a = filter(Map.of("mode", "aggressive"));
        FilterRunner.run(a, log(FIRST_HALF), "auth.log.0");
        String good = a.saveState();
        List<String> bad = new ArrayList<>(Arrays.asList(null, "", "\n", "garbage", "\u0000\uffff\t\n\\",
                "sshd-sessions 3 pam-failures=deferred\nS\t1\t0\t192.0.2.1\tauth\n",
                "sshd-sessions 1 pam-failures=later\nS\t1\t0\t192.0.2.1\t0\n",
                "opensmtpd-sessions 1\nmail\t5f3e1a01c0ffee01\t192.0.2.10\t1700000000000\t0\n",
                "S\t1\t0\t192.0.2.1\t0\n",
                SessionState.header(PamFailures.DEFERRED)));
        for (int i = 0; i < good.length(); i++) {
            bad.add(good.substring(0, i)); // every truncation
        }
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            StringBuilder s = new StringBuilder(SessionState.header(PamFailures.DEFERRED)).append('\n');
            for (int j = random.nextInt(200); j > 0; j--) {
                String alphabet = "SWP\t\n\\-01 .:x";
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            bad.add(s.toString());
        }
        for (String text : bad) {
            SshdFilter f = filter(Map.of("mode", "aggressive"));
            assertThatCode(() -> f.restoreState(text)).as("%s", text).doesNotThrowAnyException();
            // an hour later: what survived of the text is evicted, reporting what it held, never with a made-up time
            List<Detection> got = FilterRunner.run(f, log(
                    "Mar  7 11:00:00 h sshd[77]: Failed password for root from 192.0.2.77 port 1 ssh2"), "auth.log");
            assertThat(got).as("%s", text).last().extracting(Detection::address, Detection::kind)
                    .containsExactly(ip("192.0.2.77"), "auth");
            assertThat(got).as("%s", text).allMatch(d -> d.epochMillis() >= MARCH_7_10H, "no time before the log's");
            assertThat(f.saveState()).as("%s", text).contains("\nS\t77\t");
        }
    }

    @Test
    void aMalformedLineIsSkippedAndTheRestKept() {
        String header = SessionState.header(PamFailures.DEFERRED) + "\n";
        String state = header
                + "S\tx\t" + T0 + "\t192.0.2.1\tauth\n"       // no pid: its entries go with it
                + "P\troot\t192.0.2.1\t" + T0 + "\n"
                + "S\t-5\t" + T0 + "\t192.0.2.2\tauth\n"      // negative pid
                + "S\t3\tyesterday\t192.0.2.3\tauth\n"         // no time
                + "S\t4\t" + T0 + "\t192.0.2.400\tauth\n"     // no address
                + "S\t5\t" + T0 + "\t192.0.2.5\t1\n"          // not a stage (version 1's flag)
                + "S\t6\t" + T0 + "\t192.0.2.6\n"             // a field short
                + "S\t7\t" + T0 + "\t192.0.2.7\tauth\textra\n" // a field too many
                + "garbage\n\n"
                + "S\t8\t" + T0 + "\t-\tover\n"
                + "W\tnot-a-kind\t" + T0 + "\n"                // unknown kind
                + "W\tauth\tlater\n"                           // no time
                + "W\tauth\t" + T0 + "\n"
                + "P\troot\\x\t192.0.2.8\t" + T0 + "\n"        // bad escape
                + "P\troot\tnowhere\t" + T0 + "\n"             // no address
                + "P\ta\\tb\t192.0.2.8\t" + T0 + "\n"
                + "Q\twhat\n";                                 // unknown sort
        SshdFilter f = filter(Map.of());
        f.restoreState(state);
        assertThat(f.saveState()).isEqualTo(header
                + "S\t8\t" + T0 + "\t-\tover\n"
                + "W\tauth\t" + T0 + "\n"
                + "P\ta\\tb\t192.0.2.8\t" + T0 + "\n");
    }

    /**
     * A state saved before the connection stages (version 1, a too-many flag in the last column) is still
     * read: {@code 1} as {@code over} (the too-many was counted), {@code 0} as {@code auth}.
     */
    @Test
    void version1IsReadWithItsTooManyFlagAsTheStage() {
        SshdFilter f = filter(Map.of());
        f.restoreState("sshd-sessions 1 pam-failures=deferred\n"
                + "S\t8\t" + T0 + "\t192.0.2.8\t1\n"
                + "S\t9\t" + T0 + "\t192.0.2.9\t0\n"
                + "P\troot\t192.0.2.9\t" + T0 + "\n"
                + "S\t10\t" + T0 + "\t192.0.2.10\tauth\n"); // not version 1's
        assertThat(f.saveState()).isEqualTo(SessionState.header(PamFailures.DEFERRED) + "\n"
                + "S\t8\t" + T0 + "\t192.0.2.8\tover\n"
                + "S\t9\t" + T0 + "\t192.0.2.9\tauth\n"
                + "P\troot\t192.0.2.9\t" + T0 + "\n");
    }

    @Test
    void userNamesSurviveWhateverTheyContain() {
        SessionTable table = new SessionTable(10, 600_000);
        SessionCorrelator c = new SessionCorrelator(SshdMode.NORMAL, PamFailures.DEFERRED, table);
        String user = "a\tb\\c\nd\re \\t";
        c.apply(new SshdEvent(MessageKind.PAM_FAILURE, ip("192.0.2.1"), user, false), 5, T0, ignore());
        String state = SessionState.save(c);
        assertThat(state).hasLineCount(3);
        SessionTable restored = new SessionTable(10, 600_000);
        SessionState.restore(new SessionCorrelator(SshdMode.NORMAL, PamFailures.DEFERRED, restored), state);
        assertThat(restored.sessions()).singleElement().satisfies(s ->
                assertThat(s.pam).extracting(Session.PamAttempt::user).containsExactly(user));
    }

    // ---- (c) bounded by the table

    @Test
    void restoreKeepsTheMostRecentlySeenSessionsTheTableCanHold() {
        StringBuilder state = new StringBuilder(SessionState.header(PamFailures.DEFERRED)).append('\n');
        for (int pid = 1; pid <= 20; pid++) { // least recently seen first, as saved
            state.append("S\t").append(pid).append('\t').append(T0 + pid).append("\t192.0.2.").append(pid)
                    .append("\tauth\n");
            for (int i = 0; i < 12; i++) {
                state.append("W\tauth\t").append(T0 + i).append('\n');
                state.append("P\tu").append(i).append("\t192.0.2.").append(pid).append('\t').append(T0 + i).append('\n');
            }
        }
        SessionTable table = new SessionTable(5, 600_000);
        SessionState.restore(new SessionCorrelator(SshdMode.NORMAL, PamFailures.DEFERRED, table), state.toString());
        assertThat(table.sessions()).extracting(s -> s.pid).containsExactly(16L, 17L, 18L, 19L, 20L);
        assertThat(table.sessions()).allSatisfy(s -> {
            assertThat(s.hostless).hasSize(Session.MAX_WAITING);
            assertThat(s.pam).hasSize(Session.MAX_WAITING).first()
                    .extracting(Session.PamAttempt::user).isEqualTo("u4"); // the newest 8 of 12
        });

        // the real filter: 10,000 sessions at most, in and out
        StringBuilder many = new StringBuilder(SessionState.header(PamFailures.DEFERRED)).append('\n');
        for (int pid = 0; pid < SshdFilterFactory.SESSION_CAPACITY + 500; pid++) {
            many.append("S\t").append(pid).append('\t').append(T0).append("\t-\thandshake\n");
        }
        SshdFilter f = filter(Map.of());
        f.restoreState(many.toString());
        assertThat(f.saveState()).hasLineCount(SshdFilterFactory.SESSION_CAPACITY + 1)
                .contains("\nS\t500\t").doesNotContain("\nS\t499\t");
    }

    @Test
    void aRestoredSessionAgesAndIsEvictedLikeAnyOtherReportingWhatItHeld() {
        SshdFilter a = filter(Map.of());
        FilterRunner.run(a, log("Mar  7 10:00:00 h sshd[1]: " + PAM + "ruser= rhost=192.0.2.1  user=root"), "x");
        SshdFilter b = filter(Map.of());
        b.restoreState(a.saveState());
        // an hour later another pid: the idle session is evicted and its held PAM failure reported
        assertThat(FilterRunner.run(b, log("Mar  7 11:00:00 h sshd[2]: Connection from 192.0.2.2 port 1 on "
                + "10.0.0.1 port 22"), "x")).extracting(Detection::address, Detection::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ip("192.0.2.1"), "pam"));
        assertThat(b.saveState()).doesNotContain("\nS\t1\t");
    }

    // ---- (d) saved under other options

    /**
     * PAM attempts mean different things under the two settings (deferred: held, not yet counted; immediate:
     * counted, waiting to absorb sshd's line), so they are dropped when the setting changed; the session and
     * its address stay.
     */
    @Test
    void pamAttemptsSavedUnderTheOtherPamSettingAreDroppedAndTheSessionKept() {
        String[] first = {
            "Mar  7 10:00:00 h sshd[50]: Connection from 192.0.2.50 port 1 on 10.0.0.1 port 22",
            "Mar  7 10:00:01 h sshd[50]: " + PAM + "ruser= rhost=192.0.2.50  user=root",
        };
        String[] second = {
            "Mar  7 10:00:03 h sshd[50]: Failed password for root from 192.0.2.50 port 1 ssh2",
            "Mar  7 10:00:04 h sshd[50]: Disconnecting: Too many authentication failures [preauth]",
            "Mar  7 10:00:05 h sshd[50]: Connection closed by authenticating user root 192.0.2.50 port 1 [preauth]",
        };
        // immediate -> deferred: the PAM line was counted before the restart; it must not count again at the close
        SshdFilter immediate = filter(Map.of("pam-failures", "immediate"));
        assertThat(FilterRunner.run(immediate, log(first), "x")).hasSize(1);
        SshdFilter deferred = filter(Map.of("pam-failures", "deferred"));
        deferred.restoreState(immediate.saveState());
        assertThat(deferred.saveState()).doesNotContain("\nP\t").contains("\nS\t50\t");
        assertThat(FilterRunner.run(deferred, log(second), "x")).extracting(d -> d.line() + " " + d.kind())
                .containsExactly("1 auth", "2 max-attempts"); // sshd's line, and too many by the session's address

        // deferred -> immediate: the held attempt is dropped, so sshd's Failed line counts the attempt
        SshdFilter d2 = filter(Map.of("pam-failures", "deferred"));
        assertThat(FilterRunner.run(d2, log(first), "x")).isEmpty();
        SshdFilter i2 = filter(Map.of("pam-failures", "immediate"));
        i2.restoreState(d2.saveState());
        assertThat(FilterRunner.run(i2, log(second), "x")).extracting(d -> d.line() + " " + d.address() + " " + d.kind())
                .containsExactly("1 192.0.2.50 auth", "2 192.0.2.50 max-attempts");
    }

    /** A failure waiting for an address is kept only when the current mode counts its kind. */
    @Test
    void waitingFailuresOfKindsTheCurrentModeDoesNotCountAreDropped() {
        String[] first = {"Mar  7 10:00:00 h sshd[60]: kex_exchange_identification: Connection closed by remote host"};
        String[] second = {"Mar  7 10:00:01 h sshd[60]: Connection closed by 192.0.2.60 port 1"};
        SshdFilter ddos = filter(Map.of("mode", "ddos"));
        assertThat(FilterRunner.run(ddos, log(first), "x")).isEmpty();
        String state = ddos.saveState();
        assertThat(state).contains("\nW\tscanner\t");

        SshdFilter normal = filter(Map.of("mode", "normal"));
        normal.restoreState(state);
        assertThat(normal.saveState()).contains("\nS\t60\t").doesNotContain("\nW\t");
        assertThat(FilterRunner.run(normal, log(second), "x")).isEmpty();

        SshdFilter aggressive = filter(Map.of("mode", "aggressive"));
        aggressive.restoreState(state);
        assertThat(FilterRunner.run(aggressive, log(second), "x")).extracting(Detection::address, Detection::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ip("192.0.2.60"), "scanner"));
    }

    // ---- helpers

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static List<Detection> shift(List<Detection> ds, long lines) {
        return ds.stream().map(d -> new Detection(d.line() + lines, d.address(), d.kind(), d.epochMillis())).toList();
    }

    private static FailureSink ignore() {
        return new FailureSink() {
            @Override
            public void failure(IpAddress address, long epochMillis, String kind) {
            }

            @Override
            public void unattributed(long epochMillis, String kind) {
            }
        };
    }
}
