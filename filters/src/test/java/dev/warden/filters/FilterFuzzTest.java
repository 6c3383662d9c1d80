package dev.warden.filters;

import dev.warden.core.fuzz.Fuzz;
import dev.warden.core.fuzz.Mutate;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.PluginContext;
import dev.warden.core.spi.PluginOptions;
import dev.warden.core.testkit.AnnotatedSampleLog;
import dev.warden.core.testkit.FilterRunner;
import dev.warden.filters.opensmtpd.OpenSmtpdFilterFactory;
import dev.warden.filters.regex.RegexFilterFactory;
import dev.warden.filters.sshd.SshdFilterFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fuzzes every built-in filter (opensmtpd in each mode and with a tiny session table, sshd in each mode,
 * regex as its two samples configure it) through the test kit's {@link FilterRunner}, that is through
 * core's real line reader and header parser, as the daemon runs it. Inputs: logs of random byte lines
 * (half of them behind a real syslog header), and runs of the real lines of the filter's
 * {@code warden-samples/*.log} with a third of them mutated (bits flipped, bytes and the daemon's own
 * words inserted, ranges cut or doubled, lines truncated and spliced) and now and then reordered. Two
 * properties, checked on every log:
 * <ul>
 *   <li>{@code accept} never throws (nor does the header parser under it);</li>
 *   <li>every address reported on a line is one the daemon wrote in a field the filter trusts, as
 *   {@link TrustedFields} defines per filter: for opensmtpd the line's own {@code address=}/{@code addr=}
 *   right after the event word, or the {@code connected address=} of the same session id earlier; for
 *   sshd a token after sshd's own words ({@code from }, {@code rhost=}, {@code closed by }, ...) or before
 *   {@code " port "}, on the line or an earlier line of the same pid (a held-back {@code pam} failure:
 *   any earlier {@code rhost=}); for regex the token where the pattern puts {@code <ADDR>}, on the line
 *   itself. Addresses compare normalized ({@link IpAddress}).</li>
 * </ul>
 * The oracle is deliberately coarser than the filters: it cannot tell which of two trusted-looking fields
 * of one line is the daemon's (the injection tests do), but an address from a host name, a user name in
 * an untrusted place, another session or pid, a timestamp or a half-parsed token fails it;
 * {@link #aFilterThatTrustsEveryAddressShapedTokenIsCaught} shows it failing. Bounded: a fixed number of
 * logs per case and fixed seeds (see {@link Fuzz}).
 */
class FilterFuzzTest {

    private static final int MUTATED_LOGS = 150;
    private static final int RANDOM_LOGS = 50;

    /** One filter configuration under fuzz: its sample lines, its oracle and the words of its daemon. */
    record Case(String name, FilterFactory factory, Map<String, ?> options, List<byte[]> lines,
                Supplier<TrustedFields> oracle, List<byte[]> dictionary) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() throws Exception {
        List<byte[]> smtpd = dictionary("smtpd[4711]: ", " smtp ", "connected address=", " host=", "event=",
                "authentication user=", " result=permfail", " result=tempfail", "failed-command", " address=",
                " addr=", " command=\"AUTH LOGIN\"", " result=\"503 5.5.1 Command not supported\"",
                " result=\"550 5.7.1 no\"", "bad-input", "disconnected reason=", "reason=quit", "closed",
                "\"io-error: handshake failed: x\"", "tls-accept-failed", "0123456789abcdef", "5f3e1a01c0ffee01");
        List<byte[]> sshd = dictionary("sshd[4101]: ", "sshd-session[4104]: ", "Failed password for ",
                "invalid user ", " from ", " port 22", " ssh2", " [preauth]", "Accepted publickey for ", "rhost=",
                "pam_unix(sshd:auth): authentication failure; ", " ruser= ", " user=", "Connection closed by ",
                "authenticating user ", "Disconnected from ", "Received disconnect from ", ":11: Bye Bye",
                ":3: com.jcraft.jsch.JSchException: Auth fail", "Invalid user ", "Connection from ", " on ",
                "maximum authentication attempts exceeded for ", "Timeout before authentication for ",
                "Unable to negotiate with ", ": no matching key exchange method found.", "error: PAM: ",
                "Disconnecting: Too many authentication failures", "refused connect from h (");
        List<byte[]> dovecot = dictionary("dovecot[1201]: ", "imap-login: ", "(auth failed, 1 attempts in 2 secs): ",
                "user=<x>, method=PLAIN, rip=", ", lip=", "auth: passwd-file(", ",<Ab12>): unknown user",
                "pam(root,", "): Password mismatch");
        List<byte[]> vpn = dictionary("acmevpn[880]: ", "AUTH-FAIL client=[", "]:51234 user=", "\"healthcheck\"",
                "TLS handshake failed: peer ", " (no shared cipher)");
        List<Case> out = new ArrayList<>();
        OpenSmtpdFilterFactory o = new OpenSmtpdFilterFactory();
        for (String mode : List.of("auth", "scanner", "aggressive")) {
            out.add(new Case("opensmtpd mode " + mode, o, Map.of("mode", mode), lines(o), TrustedFields::opensmtpd,
                    smtpd));
        }
        out.add(new Case("opensmtpd aggressive, 4 sessions of 1s", o, Map.of("mode", "aggressive", "max-sessions", "4",
                "session-timeout", "1s"), lines(o), TrustedFields::opensmtpd, smtpd));
        out.add(new Case("opensmtpd kinds bad-command 550 553", o,
                Map.of("kinds", List.of("bad-command"), "bad-command-codes", List.of("550", "553")),
                lines(o, "opensmtpd-codes.log", "opensmtpd-aggressive.log"),
                TrustedFields::opensmtpd, smtpd));
        SshdFilterFactory s = new SshdFilterFactory();
        for (String mode : List.of("normal", "ddos", "extra", "aggressive")) {
            out.add(new Case("sshd mode " + mode, s, Map.of("mode", mode), lines(s), TrustedFields::sshd, sshd));
        }
        out.add(new Case("sshd aggressive pam immediate", s, Map.of("mode", "aggressive", "pam-failures",
                "immediate"), lines(s), TrustedFields::sshd, sshd));
        out.add(new Case("sshd require-tag", s, Map.of("require-tag", "true"), lines(s), TrustedFields::sshd, sshd));
        RegexFilterFactory x = new RegexFilterFactory();
        Path dir = BuiltinSampleLogsTest.samplesDir();
        out.add(new Case("regex as regex.log (dovecot)", x, AnnotatedSampleLog.headerOptions(dir.resolve("regex.log")),
                lines(x, "regex.log"), () -> TrustedFields.regex("rip=|\\([^,]*,"), dovecot));
        out.add(new Case("regex as regex-custom.log", x,
                AnnotatedSampleLog.headerOptions(dir.resolve("regex-custom.log")), lines(x, "regex-custom.log"),
                () -> TrustedFields.regex("client=\\[|peer "), vpn));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mutatedSampleLinesYieldOnlyTrustedAddresses(Case c) {
        AtomicLong reported = new AtomicLong();
        int logs = Fuzz.check(c.name() + ": mutated sample lines", MUTATED_LOGS, r -> mutatedLog(r, c),
                FilterFuzzTest::show, log -> reported.addAndGet(check(c, log)));
        assertThat(reported.get()).as("addresses reported over all logs: the fuzz reaches the failures")
                .isGreaterThanOrEqualTo(logs / 2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void randomLinesYieldOnlyTrustedAddresses(Case c) {
        Fuzz.check(c.name() + ": random lines", RANDOM_LOGS, r -> randomLog(r, c), FilterFuzzTest::show,
                log -> check(c, log));
    }

    /**
     * A filter's saved state comes back from the state file at the next start: {@code restoreState} must
     * take whatever it is given (cut, bit-flipped, spliced with words of the daemon, or random) without
     * throwing, and the restored filter must then read the sample log without throwing.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void restoringAMangledStateNeverThrows(Case c) {
        Filter first = FilterRunner.create(c.factory(), c.options());
        // Half of the sample: sessions still open, so that there is state to save and mangle.
        FilterRunner.run(first, Mutate.join(c.lines().subList(0, c.lines().size() / 2)), "state.log");
        String saved = first.saveState();
        byte[] savedBytes = saved == null ? new byte[0] : saved.getBytes(StandardCharsets.UTF_8);
        List<byte[]> savedWords = Mutate.words(saved == null ? new String[0] : saved.split("[^A-Za-z0-9]+"));
        Fuzz.check(c.name() + ": restoreState", RANDOM_LOGS, r -> r.nextInt(4) == 0
                        ? Mutate.randomBytes(r, 2_000, c.dictionary())
                        : Mutate.bytes(r, savedBytes, savedWords, c.dictionary()),
                Mutate::show, state -> {
                    Filter restored = FilterRunner.create(c.factory(), c.options());
                    restored.restoreState(new String(state, StandardCharsets.UTF_8));
                    FilterRunner.run(restored, Mutate.join(c.lines()), "after-restore.log");
                });
    }

    /**
     * The property can fail: a filter that reports every dotted quad of a message (the local address of
     * {@code Connection from A port N on B port 22}, an address in a user name) is caught on the sshd samples.
     */
    @Test
    void aFilterThatTrustsEveryAddressShapedTokenIsCaught() throws Exception {
        Case sshd = cases().filter(c -> c.name().equals("sshd mode normal")).findFirst().orElseThrow();
        FilterFactory greedy = new FilterFactory() {
            @Override
            public String id() {
                return "greedy";
            }

            @Override
            public String description() {
                return "reports every dotted quad";
            }

            @Override
            public Filter create(PluginOptions options, PluginContext context) {
                Pattern quad = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
                return (line, sink) -> {
                    Matcher m = quad.matcher(line.message());
                    while (m.find()) {
                        IpAddress.parse(m.group()).ifPresent(a -> sink.failure(a, line.epochMillis(), "greedy"));
                    }
                };
            }
        };
        Case lying = new Case("greedy", greedy, Map.of(), sshd.lines(), sshd.oracle(), sshd.dictionary());
        assertThatThrownBy(() -> Fuzz.check("greedy", MUTATED_LOGS, r -> mutatedLog(r, lying), FilterFuzzTest::show,
                log -> check(lying, log))).hasMessageContaining("which no trusted field");
    }

    /**
     * Runs a new filter over the log and checks each reported address against the oracle; returns how many
     * addresses were reported. Whatever the filter throws fails the property.
     */
    private static long check(Case c, List<byte[]> log) {
        byte[] bytes = Mutate.join(log);
        List<FilterRunner.Detection> detections = FilterRunner.run(FilterRunner.create(c.factory(), c.options()),
                bytes, "fuzz.log");
        List<byte[]> lines = Mutate.lines(bytes);
        TrustedFields oracle = c.oracle().get();
        long reported = 0;
        int next = 0;
        for (int i = 0; i < lines.size() && next < detections.size(); i++) {
            String line = new String(lines.get(i), StandardCharsets.ISO_8859_1);
            Set<IpAddress> trusted = oracle.next(line);
            for (; next < detections.size() && detections.get(next).line() == i + 1; next++) {
                FilterRunner.Detection d = detections.get(next);
                assertThat(d.kind()).as("kind on line %d", i + 1).isNotBlank();
                if (d.address() != null) {
                    reported++;
                    if (!oracle.heldBack(d.kind()).contains(d.address())) {
                        assertThat(trusted).as("line %d reported %s (%s), which no trusted field of lines 1..%d"
                                + " holds:%n%s", i + 1, d.address(), d.kind(), i + 1, Mutate.show(lines.get(i)))
                                .contains(d.address());
                    }
                }
            }
        }
        assertThat(next).as("detections on lines the log has").isEqualTo(detections.size());
        return reported;
    }

    /** A run of consecutive sample lines, about a third of them mutated, now and then reordered. */
    private static List<byte[]> mutatedLog(Random r, Case c) {
        List<byte[]> pool = c.lines();
        int from = r.nextInt(pool.size());
        int n = 1 + r.nextInt(Math.min(60, pool.size()));
        List<byte[]> log = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] line = pool.get((from + i) % pool.size());
            int k = r.nextInt(100);
            if (k < 33) {
                line = Mutate.bytes(r, line, pool, c.dictionary());
            } else if (k < 36) {
                line = Mutate.randomBytes(r, 200, c.dictionary());
            }
            log.add(line);
        }
        return r.nextInt(4) == 0 ? Mutate.reorder(r, log) : log;
    }

    /** Lines of random bytes, half of them behind the syslog header of a real line. */
    private static List<byte[]> randomLog(Random r, Case c) {
        List<byte[]> log = new ArrayList<>();
        int n = 1 + r.nextInt(30);
        for (int i = 0; i < n; i++) {
            byte[] random = Mutate.randomBytes(r, 300, c.dictionary());
            if (r.nextBoolean()) {
                String real = new String(c.lines().get(r.nextInt(c.lines().size())), StandardCharsets.ISO_8859_1);
                int header = real.indexOf("]: ");
                random = (real.substring(0, header < 0 ? 0 : header + 3)
                        + new String(random, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
            }
            log.add(random);
        }
        return log;
    }

    /**
     * The log lines (not comments, not blank) of the factory's filter's samples: those named, or all of them
     * when none is named.
     */
    private static List<byte[]> lines(FilterFactory f, String... samples) throws IOException, URISyntaxException {
        List<byte[]> out = new ArrayList<>();
        for (Path sample : BuiltinSampleLogsTest.samplesOf(f.id())) {
            if (samples.length > 0 && !List.of(samples).contains(sample.getFileName().toString())) {
                continue;
            }
            for (byte[] line : Mutate.lines(Files.readAllBytes(sample))) {
                if (line.length > 0 && line[0] != '#') {
                    out.add(line);
                }
            }
        }
        if (out.isEmpty()) {
            throw new UncheckedIOException(new IOException("no sample lines for " + f.id()));
        }
        return out;
    }

    private static List<byte[]> dictionary(String... words) {
        List<byte[]> d = new ArrayList<>(Mutate.words(words));
        d.addAll(Mutate.words(TrustedFields.addresses().toArray(String[]::new)));
        return d;
    }

    private static String show(List<byte[]> log) {
        return Mutate.show(Mutate.join(log));
    }
}
