package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.IpAddress;
import dev.warden.core.testkit.FilterRunner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link OpenSmtpdFilter#saveState} and {@link OpenSmtpdFilter#restoreState}: sessions across a restart. */
class SessionStateTest {

    private static final long T0 = 1_700_000_000_000L;
    private static final long MINUTE = 60_000;

    private static OpenSmtpdFilter filter(Map<String, ?> options) {
        return (OpenSmtpdFilter) FilterRunner.create(new OpenSmtpdFilterFactory(), options);
    }

    private static IpAddress ip(String s) {
        return IpAddress.parse(s).orElseThrow();
    }

    @Test
    void aSessionOpenedBeforeTheSaveIsAttributedByTheNextInstance() {
        OpenSmtpdFilter before = filter(Map.of("mode", "scanner"));
        RecordingSink sink = new RecordingSink();
        before.accept(Lines.smtpd(T0, "5f3e1a01c0ffee01 smtp connected address=192.0.2.10 host=<unknown>"), sink);
        before.accept(Lines.smtpd(T0, "5f3e1a01c0ffee02 smtp connected address=IPv6:2001:db8::2 host=<unknown>"), sink);
        before.accept(Lines.smtpd(T0 + 1, "5f3e1a01c0ffee02 smtp tls ciphers=TLSv1.3:TLS_AES_256_GCM_SHA384:256"), sink);
        before.accept(Lines.of("mx2", "smtpd", 99, T0 + 2,
                "5f3e1a01c0ffee01 smtp connected address=198.51.100.3 host=<unknown>"), sink);
        before.accept(Lines.smtpd(T0 + 3, "5f3e1a01c0ffee03 smtp connected address=local host=mail"), sink);
        String state = before.saveState();
        assertThat(state).startsWith(SessionState.HEADER + "\n").hasLineCount(4);

        OpenSmtpdFilter after = filter(Map.of("mode", "scanner"));
        after.restoreState(state);
        RecordingSink later = new RecordingSink();
        after.accept(Lines.smtpd(T0 + MINUTE, "5f3e1a01c0ffee01 smtp authentication user=root result=permfail"), later);
        after.accept(Lines.of("mx2", "smtpd", 99, T0 + MINUTE,
                "5f3e1a01c0ffee01 smtp authentication user=root result=permfail"), later);
        after.accept(Lines.smtpd(T0 + MINUTE, "5f3e1a01c0ffee03 smtp authentication user=root result=permfail"), later);
        assertThat(later.failures).containsOnly(Map.entry(ip("192.0.2.10"), 1), Map.entry(ip("198.51.100.3"), 1));
        assertThat(later.unattributed).as("the local session was never bound").isEqualTo(1);

        // the flags come along: 02 had TLS, so its silent end is not a no-greeting; 01 on mx2 did nothing else
        after.accept(Lines.smtpd(T0 + MINUTE, "5f3e1a01c0ffee02 smtp disconnected reason=disconnect"), later);
        assertThat(later.failureCount).isEqualTo(2);
        OpenSmtpdFilter silent = filter(Map.of("mode", "scanner"));
        silent.restoreState(state);
        RecordingSink s = new RecordingSink();
        silent.accept(Lines.of("mx2", "smtpd", 99, T0 + MINUTE, "5f3e1a01c0ffee01 smtp disconnected reason=timeout"), s);
        assertThat(s.failures).containsOnly(Map.entry(ip("198.51.100.3"), 1));
    }

    @Test
    void aSessionSplitAcrossARotationKeepsItsAddressInOneInstanceAndThroughSavedState() {
        byte[] rotated = lines("Nov  7 23:59:58 mail smtpd[4711]: 5f3e1a01c0ffee01 smtp connected address=203.0.113.7 host=<unknown>",
                "Nov  7 23:59:59 mail smtpd[4711]: 5f3e1a01c0ffee01 smtp failed-command command=\"AUTH LOGIN\" result=\""
                        + ScannerMaillog.AUTH_NOT_SUPPORTED + "\"");
        byte[] current = lines("Nov  8 00:00:01 mail smtpd[4711]: 5f3e1a01c0ffee01 smtp failed-command command=\"AUTH PLAIN\""
                + " result=\"" + ScannerMaillog.AUTH_NOT_SUPPORTED + "\"");
        Map<String, String> scanner = Map.of("mode", "scanner");

        OpenSmtpdFilter scan = filter(scanner); // warden scan maillog.0 maillog: one instance, files in order
        assertThat(FilterRunner.run(scan, rotated, "maillog.0")).hasSize(1);
        assertThat(FilterRunner.run(scan, current, "maillog")).extracting(FilterRunner.Detection::address)
                .containsExactly(ip("203.0.113.7"));

        OpenSmtpdFilter fresh = filter(scanner); // without the state, the new file's line is unattributed
        assertThat(FilterRunner.run(fresh, current, "maillog")).extracting(FilterRunner.Detection::address)
                .containsExactly((IpAddress) null);

        OpenSmtpdFilter first = filter(scanner); // warden run: the daemon restarts between the two files
        FilterRunner.run(first, rotated, "maillog.0");
        OpenSmtpdFilter second = filter(scanner);
        second.restoreState(first.saveState());
        assertThat(FilterRunner.run(second, current, "maillog")).extracting(FilterRunner.Detection::address)
                .containsExactly(ip("203.0.113.7"));
    }

    @Test
    void restoreSkipsWhatItCannotReadAndKeepsTheRest() {
        String good = "mail\t5f3e1a01c0ffee01\t192.0.2.1\t" + T0 + "\t0\n";
        String state = SessionState.HEADER + "\n"
                + "mail\t5f3e1a01c0ffee0g\t192.0.2.2\t" + T0 + "\t0\n"       // not hex
                + "mail\t5F3E1A01C0FFEE03\t192.0.2.3\t" + T0 + "\t0\n"       // upper case: smtpd never writes it
                + "mail\t5f3e1a01c0ffee04\t192.0.2.300\t" + T0 + "\t0\n"     // no address
                + "mail\t5f3e1a01c0ffee05\t192.0.2.5\tyesterday\t0\n"         // no time
                + "mail\t5f3e1a01c0ffee06\t192.0.2.6\t" + T0 + "\t256\n"     // flags out of range
                + "\t5f3e1a01c0ffee07\t192.0.2.7\t" + T0 + "\t0\n"           // no host
                + "mail\t5f3e1a01c0ffee08\t192.0.2.8\t" + T0 + "\n"           // a field short
                + "mail\t5f3e1a01c0ffee09\t192.0.2.9\t" + T0 + "\t0\textra\n" // a field too many
                + "garbage\n\n"
                + good;
        OpenSmtpdFilter f = filter(Map.of());
        f.restoreState(state);
        assertThat(f.sessions().entries()).extracting(SessionTable.Entry::address).containsExactly(ip("192.0.2.1"));

        for (String bad : new String[] {null, "", "opensmtpd-sessions 2\n" + good, good, "\u0000\uffff"}) {
            OpenSmtpdFilter g = filter(Map.of());
            g.restoreState(bad);
            assertThat(g.sessions().size()).as("state %s", bad).isZero();
        }
    }

    @Test
    void restoreAppliesTheCurrentBoundsAndSaveStaysWithinThem() {
        StringBuilder state = new StringBuilder(SessionState.HEADER + "\n");
        for (int i = 0; i < 100; i++) { // one session a minute for 100 minutes
            state.append(String.format("mail\t%016x\t192.0.2.%d\t%d\t0\n", 0x5f3e1a0000000000L + i, i + 1, T0 + i * MINUTE));
        }
        OpenSmtpdFilter few = filter(Map.of("max-sessions", "10"));
        few.restoreState(state.toString());
        assertThat(few.sessions().entries()).extracting(SessionTable.Entry::address)
                .as("the 10 most recently seen").containsExactlyInAnyOrderElementsOf(
                        java.util.stream.IntStream.range(90, 100).mapToObj(i -> ip("192.0.2." + (i + 1))).toList());
        assertThat(few.saveState()).hasLineCount(11);

        OpenSmtpdFilter shortTimeout = filter(Map.of("session-timeout", "30m"));
        shortTimeout.restoreState(state.toString());
        assertThat(shortTimeout.sessions().size()).as("within 30m of the newest").isEqualTo(31);

        assertThat(filter(Map.of()).saveState()).as("nothing open").isNull();
    }

    private static byte[] lines(String... lines) {
        return (String.join("\n", List.of(lines)) + "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
