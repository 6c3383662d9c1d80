package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.Filter;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.LogLine;
import dev.warden.core.testkit.FilterRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenSmtpdFilterTest {

    private static final long T0 = 1_700_000_000_000L;

    private static String id(long n) {
        return Long.toHexString(0x5f3e000000000000L + n); // always 16 digits
    }

    private static OpenSmtpdFilter filter(Map<String, ?> options) {
        return (OpenSmtpdFilter) FilterRunner.create(new OpenSmtpdFilterFactory(), options);
    }

    @Test
    void isFoundByServiceLoaderUnderItsId() {
        assertThat(ServiceLoader.load(FilterFactory.class).stream().map(p -> p.get().id()))
                .contains(OpenSmtpdFilterFactory.ID);
        assertThat(new OpenSmtpdFilterFactory().options()).extracting(o -> o.name())
                .containsExactly("mode", "kinds", "bad-command-codes", "session-timeout", "max-sessions");
    }

    @Test
    void aMillionConnectsWithoutDisconnectKeepTheTableAtTheCap() {
        OpenSmtpdFilter f = filter(Map.of());
        RecordingSink sink = new RecordingSink();
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            f.accept(Lines.smtpd(T0 + i / 100, id(i) + " smtp connected address=" + v4(i) + " host=<unknown>"), sink);
        }
        SessionTable table = f.sessions();
        assertThat(table.size()).isBetween(65_536 - 65_536 / 8, 65_536);
        assertThat(table.capacity()).isLessThanOrEqualTo(2 * 65_536);

        long now = T0 + n / 100;
        f.accept(Lines.smtpd(now, id(0) + " smtp authentication user=root result=permfail"), sink);
        assertThat(sink.unattributed).as("a session evicted for room").isEqualTo(1);
        f.accept(Lines.smtpd(now, id(n - 1) + " smtp authentication user=root result=permfail"), sink);
        assertThat(sink.failures).containsOnlyKeys(IpAddress.parse(v4(n - 1)).orElseThrow());
    }

    /**
     * A host name is at most 255 bytes. A flood of lines with longer (forged) syslog host names is ignored
     * and stores none of them: before, the table kept 4,096 names of any length.
     */
    @Test
    void linesWithHostNamesLongerThan255BytesAreIgnoredAndTheNamesNeverStored() {
        OpenSmtpdFilter f = filter(Map.of());
        RecordingSink sink = new RecordingSink();
        String padding = "x".repeat(1_000);
        for (int i = 0; i < HostIds.MAX_INTERNED + 10; i++) {
            String host = "h" + i + padding;
            f.accept(Lines.of(host, "smtpd", 4711, T0, id(i) + " smtp connected address=192.0.2.1 host=<unknown>"), sink);
            f.accept(Lines.of(host, "smtpd", 4711, T0, id(i) + " smtp authentication user=a result=permfail"), sink);
        }
        assertThat(f.hosts().namesById().length).as("host names stored").isZero();
        assertThat(f.sessions().size()).isZero();
        assertThat(sink.failureCount + sink.unattributed).isZero();

        String longest = "m".repeat(255);
        f.accept(Lines.of(longest, "smtpd", 4711, T0, id(1) + " smtp connected address=192.0.2.2 host=<unknown>"), sink);
        f.accept(Lines.of(longest, "smtpd", 4711, T0, id(1) + " smtp authentication user=a result=permfail"), sink);
        assertThat(sink.failures).containsOnlyKeys(IpAddress.parse("192.0.2.2").orElseThrow());
        assertThat(f.hosts().namesById()).hasNumberOfRows(1);
        assertThat(f.hosts().namesById()[0]).hasSize(255);

        HostIds ids = new HostIds(); // and the table keeps its bound whoever asks
        byte[] tooLong = ("h" + padding).getBytes(StandardCharsets.US_ASCII);
        assertThat(ids.idOf(tooLong, 0, tooLong.length)).isEqualTo(ids.idOf(tooLong, 0, tooLong.length))
                .isGreaterThanOrEqualTo(HostIds.MAX_INTERNED);
        assertThat(ids.namesById().length).isZero();
    }

    @Test
    void idleSessionsExpireAfterTheConfiguredTimeout() {
        OpenSmtpdFilter f = filter(Map.of("session-timeout", "10m", "max-sessions", "100"));
        RecordingSink sink = new RecordingSink();
        f.accept(Lines.smtpd(T0, id(1) + " smtp connected address=192.0.2.1 host=<unknown>"), sink);
        f.accept(Lines.smtpd(T0, id(2) + " smtp connected address=192.0.2.2 host=<unknown>"), sink);
        f.accept(Lines.smtpd(T0 + 9 * 60_000, id(2) + " smtp authentication user=a result=ok"), sink);
        f.accept(Lines.smtpd(T0 + 11 * 60_000, id(3) + " smtp disconnected reason=quit"), sink);
        assertThat(f.sessions().size()).as("session 1 swept, session 2 touched at 9m").isEqualTo(1);
        f.accept(Lines.smtpd(T0 + 11 * 60_000, id(1) + " smtp authentication user=a result=permfail"), sink);
        f.accept(Lines.smtpd(T0 + 11 * 60_000, id(2) + " smtp authentication user=a result=permfail"), sink);
        assertThat(sink.unattributed).isEqualTo(1);
        assertThat(sink.failures).containsOnlyKeys(IpAddress.parse("192.0.2.2").orElseThrow());
    }

    @Test
    void aReusedIdStartsSilentAgainWhateverTheSessionBeforeItDid() {
        OpenSmtpdFilter f = filter(Map.of("mode", "scanner", "max-sessions", "8"));
        RecordingSink sink = new RecordingSink();
        for (int round = 0; round < 3; round++) {
            long t = T0 + round * 10_000;
            f.accept(Lines.smtpd(t, id(1) + " smtp connected address=192.0.2.1 host=<unknown>"), sink);
            f.accept(Lines.smtpd(t + 1, id(1) + " smtp tls ciphers=TLSv1.3:TLS_AES_256_GCM_SHA384:256"), sink);
            f.accept(Lines.smtpd(t + 2, id(1) + " smtp disconnected reason=disconnect"), sink);
            f.accept(Lines.smtpd(t + 3, id(1) + " smtp connected address=192.0.2.2 host=<unknown>"), sink);
            f.accept(Lines.smtpd(t + 4, id(1) + " smtp disconnected reason=disconnect"), sink);
        }
        assertThat(sink.failures).containsOnly(Map.entry(IpAddress.parse("192.0.2.2").orElseThrow(), 3));

        // marked active, then evicted for room, then connected again with the same id: silent again
        RecordingSink evicted = new RecordingSink();
        f.accept(Lines.smtpd(T0 + 100_000, id(2) + " smtp connected address=192.0.2.3 host=<unknown>"), evicted);
        f.accept(Lines.smtpd(T0 + 100_001, id(2) + " smtp tls ciphers=TLSv1.3:TLS_AES_256_GCM_SHA384:256"), evicted);
        for (int i = 10; i < 30; i++) {
            f.accept(Lines.smtpd(T0 + 100_002 + i, id(i) + " smtp connected address=192.0.2.9 host=x"), evicted);
        }
        f.accept(Lines.smtpd(T0 + 100_100, id(2) + " smtp tls ciphers=TLSv1.3:TLS_AES_256_GCM_SHA384:256"), evicted);
        f.accept(Lines.smtpd(T0 + 100_101, id(2) + " smtp connected address=192.0.2.4 host=<unknown>"), evicted);
        f.accept(Lines.smtpd(T0 + 100_102, id(2) + " smtp disconnected reason=timeout"), evicted);
        assertThat(evicted.failures).containsOnly(Map.entry(IpAddress.parse("192.0.2.4").orElseThrow(), 1));
        // ...and its activity counts again
        f.accept(Lines.smtpd(T0 + 100_103, id(3) + " smtp connected address=192.0.2.5 host=<unknown>"), evicted);
        f.accept(Lines.smtpd(T0 + 100_104, id(3) + " smtp tls ciphers=TLSv1.3:TLS_AES_256_GCM_SHA384:256"), evicted);
        for (int i = 30; i < 50; i++) {
            f.accept(Lines.smtpd(T0 + 100_105 + i, id(i) + " smtp connected address=192.0.2.9 host=x"), evicted);
        }
        f.accept(Lines.smtpd(T0 + 100_200, id(3) + " smtp connected address=192.0.2.6 host=<unknown>"), evicted);
        f.accept(Lines.smtpd(T0 + 100_201, id(3) + " smtp tls ciphers=TLSv1.3:TLS_AES_256_GCM_SHA384:256"), evicted);
        f.accept(Lines.smtpd(T0 + 100_202, id(3) + " smtp disconnected reason=disconnect"), evicted);
        assertThat(evicted.failures).as("192.0.2.6 did TLS")
                .containsOnlyKeys(IpAddress.parse("192.0.2.4").orElseThrow());
    }

    @Test
    void refusesUnusableOptions() {
        assertThatThrownBy(() -> filter(Map.of("session-timeout", "0s")))
                .hasMessageContaining("session-timeout");
        assertThatThrownBy(() -> filter(Map.of("max-sessions", "0"))).hasMessageContaining("max-sessions");
        assertThatThrownBy(() -> filter(Map.of("max-sessions", String.valueOf(1L << 40))))
                .hasMessageContaining("max-sessions");
    }

    @Test
    void modeOrKindsSelectWhatIsReported() {
        assertThat(filter(Map.of()).settings().kinds()).isEqualTo(Kind.AUTH.bit());
        assertThat(filter(Map.of("mode", "scanner")).settings().kinds()).isEqualTo(Kind.mask(List.of(Kind.AUTH,
                Kind.AUTH_ON_PLAINTEXT, Kind.BAD_INPUT, Kind.TLS_FAILURE, Kind.NO_GREETING)));
        assertThat(filter(Map.of("mode", "aggressive")).settings().kinds()).isEqualTo((1 << Kind.values().length) - 1);
        assertThat(filter(Map.of("kinds", List.of("tls-failure", "tempfail"))).settings().kinds())
                .isEqualTo(Kind.TLS_FAILURE.bit() | Kind.TEMPFAIL.bit());
        assertThat(filter(Map.of("kinds", "auth, bad-command", "bad-command-codes", "550,553")).settings())
                .satisfies(s -> {
                    assertThat(s.kinds()).isEqualTo(Kind.AUTH.bit() | Kind.BAD_COMMAND.bit());
                    assertThat(s.isBadCode(550)).isTrue();
                    assertThat(s.isBadCode(501)).isFalse();
                });
        assertThat(filter(Map.of("mode", "aggressive")).settings())
                .satisfies(s -> assertThat(List.of(500, 501, 502, 503, 504)).allMatch(s::isBadCode))
                .satisfies(s -> assertThat(List.of(421, 530, 535, 550, 554)).noneMatch(s::isBadCode));
    }

    @Test
    void refusesUnknownKindsAndCodesNamingTheOption() {
        assertThatThrownBy(() -> filter(Map.of("kinds", List.of("auth", "scanner"))))
                .hasMessageStartingWith("option kinds[1]: unknown kind 'scanner'").hasMessageContaining("no-greeting");
        assertThatThrownBy(() -> filter(Map.of("kinds", "auth,bogus"))).hasMessageStartingWith("option kinds[0]:");
        assertThatThrownBy(() -> filter(Map.of("kinds", List.of()))).hasMessageStartingWith("option kinds: lists no");
        assertThatThrownBy(() -> filter(Map.of("mode", "auth", "kinds", List.of("auth"))))
                .hasMessageStartingWith("option kinds: set either mode or kinds");
        assertThatThrownBy(() -> filter(Map.of("mode", "paranoid"))).hasMessageContaining("mode");
        assertThatThrownBy(() -> filter(Map.of("mode", "aggressive", "bad-command-codes", List.of("500", "450"))))
                .hasMessageStartingWith("option bad-command-codes[1]: '450' is not a 5xx reply code");
        assertThatThrownBy(() -> filter(Map.of("mode", "aggressive", "bad-command-codes", "500 535")))
                .hasMessageStartingWith("option bad-command-codes[0]: 535 repeats an authentication failure");
        assertThatThrownBy(() -> filter(Map.of("mode", "scanner", "bad-command-codes", "550")))
                .hasMessageStartingWith("option bad-command-codes: is set but kind bad-command is not reported");
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth", "scanner", "aggressive"})
    void allocatesNothingPerLineOnceSessionsAreOpen(String mode) {
        OpenSmtpdFilter f = filter(Map.of("mode", mode));
        RecordingSink sink = new RecordingSink(false);
        LogLine[] lines = new LogLine[1000];
        for (int i = 0; i < 100; i++) {
            f.accept(Lines.smtpd(T0, id(i) + " smtp connected address=" + v4(i) + " host=<unknown>"), sink);
        }
        for (int i = 0; i < lines.length; i++) {
            String msg = switch (i % 9) {
                case 0 -> id(i % 100) + " smtp authentication user=admin result=permfail";
                case 1 -> id(i % 100) + " smtp failed-command command=\"AUTH LOGIN\" result=\"535 Authentication failed\"";
                case 2 -> id(i % 100) + " smtp tls ciphers=TLSv1.3:TLS_AES_256_GCM_SHA384:256";
                case 3 -> id(1000 + i) + " smtp authentication user=x result=permfail";
                case 4 -> id(i % 100) + " smtp failed-command command=\"AUTH LOGIN\" result=\"" + ScannerMaillog.AUTH_NOT_SUPPORTED + "\"";
                case 5 -> id(i % 100) + " smtp failed-command command=\"HELO\" result=\"501 5.5.1 Invalid command: HELO requires domain name\"";
                case 6 -> id(i % 100) + " smtp bad-input result=\"500 5.5.1 Invalid command: Pipelining not supported\"";
                case 7 -> id(2000 + i) + " smtp disconnected reason=\"io-error: handshake failed: bad\"";
                default -> id(i % 100) + " mda delivery evpid=0a1b2c3d4e5f6071 user=alice result=Ok stat=Delivered";
            };
            lines[i] = i % 7 == 0 ? Lines.of("mail", "dovecot", -1, T0, msg) : Lines.smtpd(T0 + i, msg);
        }
        for (int round = 0; round < 50; round++) { // warm up
            for (LogLine l : lines) {
                f.accept(l, sink);
            }
        }
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(thread);
        for (int round = 0; round < 200; round++) {
            for (LogLine l : lines) {
                f.accept(l, sink);
            }
        }
        long allocated = bean.getThreadAllocatedBytes(thread) - before;
        assertThat(sink.failureCount).isPositive();
        assertThat(sink.unattributed).isPositive();
        assertThat(allocated).as("bytes allocated for 200,000 lines, mode %s", mode).isLessThan(20_000);
    }

    @Test
    void neverThrowsOnGarbage() {
        Filter f = filter(Map.of("max-sessions", "64"));
        RecordingSink sink = new RecordingSink();
        Random r = new Random(3);
        String[] seeds = {
            id(1) + " smtp connected address=IPv6:2001:db8::1 host=<unknown>",
            id(1) + " smtp connected address=[2001:db8::2] host=x",
            id(1) + " smtp authentication user=admin result=permfail",
            id(1) + " smtp disconnected reason=quit",
        };
        byte[] alphabet = "0123456789abcdefIPv6:[]. smtp=resultpermfailconnectedaddresshost\u00ff\t"
                .getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder m = new StringBuilder(seeds[r.nextInt(seeds.length)]);
            int edits = 1 + r.nextInt(4);
            for (int e = 0; e < edits && m.length() > 0; e++) {
                int at = r.nextInt(m.length());
                switch (r.nextInt(3)) {
                    case 0 -> m.setLength(at);
                    case 1 -> m.setCharAt(at, (char) (alphabet[r.nextInt(alphabet.length)] & 0xFF));
                    default -> m.insert(at, (char) (alphabet[r.nextInt(alphabet.length)] & 0xFF));
                }
            }
            f.accept(Lines.smtpd(T0 + i, m.toString()), sink);
        }
        assertThat(sink.failureCount + sink.unattributed).isPositive();
    }

    private static String v4(int i) {
        return "198." + (18 + ((i >> 16) & 1)) + "." + ((i >> 8) & 0xFF) + "." + (i & 0xFF);
    }
}
