package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.IpAddress;
import dev.warden.core.testkit.FilterRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter against {@link ScannerMaillog}'s ground truth: scanners, AUTH-on-25 probes and TLS failures
 * mixed with legitimate mail.
 */
class ScannerMaillogTest {

    private static final long SEED = 20261107L;
    /** The jail's max-retry in these tests: an address is banned at this many failures. */
    private static final int MAX_RETRY = 5;
    private static final List<String> SCANNER = List.of("auth", "auth-on-plaintext", "bad-input", "tls-failure",
            "no-greeting");

    /**
     * SHA-256 of every detection (line, address, kind) of the filter as it was before modes existed
     * (commit "test: deterministic scanner maillog"), on the CURRENT layout of {@link #SEED}. The
     * default mode must keep reporting exactly that.
     */
    private static final String AUTH_MODE_DIGEST =
            "4f1df6d82c78fe94d2bd9c812d41fc29f29a00e4249c38998258918f6aed96e7";

    @Test
    void defaultModeReportsExactlyThePermfailsOfKnownSessions() throws Exception {
        ScannerMaillog log = ScannerMaillog.generate(SEED, ScannerMaillog.Layout.CURRENT);
        List<FilterRunner.Detection> detections = run(log, Map.of());
        assertThat(perAddress(detections)).isEqualTo(log.expected(List.of("auth")));
        assertThat(detections.stream().filter(d -> d.address() == null).count())
                .isEqualTo(log.unattributed().getOrDefault("auth", 0).longValue()).isPositive();
        assertThat(detections).allSatisfy(d -> assertThat(d.kind()).isEqualTo("auth"));
        assertThat(digest(detections)).isEqualTo(AUTH_MODE_DIGEST);
    }

    @ParameterizedTest
    @EnumSource(ScannerMaillog.Layout.class)
    void everyModeCountsExactlyItsKindsPerAddressInEveryGeneration(ScannerMaillog.Layout layout) {
        ScannerMaillog log = ScannerMaillog.generate(SEED, layout);
        Map<String, Integer> perKind = new TreeMap<>();
        log.truth().values().forEach(m -> m.forEach((k, n) -> perKind.merge(k, n, Integer::sum)));
        assertThat(perKind).as("the log has attributed failures of every kind").containsOnlyKeys(ScannerMaillog.KINDS)
                .allSatisfy((k, n) -> assertThat(n).as(k).isGreaterThanOrEqualTo(10));
        // orphans (connect line in the previous file): their failed-command lines carry an address except in 6.5+
        assertThat(log.unattributed()).containsOnlyKeys(layout == ScannerMaillog.Layout.CURRENT
                ? List.of("auth", "auth-on-plaintext") : List.of("auth"));
        Map<String, List<String>> modes = Map.of("auth", List.of("auth"), "scanner", SCANNER,
                "aggressive", ScannerMaillog.KINDS);
        for (Map.Entry<String, List<String>> mode : modes.entrySet()) {
            List<FilterRunner.Detection> d = run(log, Map.of("mode", mode.getKey()));
            Map<IpAddress, Map<String, Integer>> expected = new TreeMap<>();
            log.truth().forEach((a, kinds) -> kinds.forEach((k, n) -> {
                if (mode.getValue().contains(k)) {
                    expected.computeIfAbsent(a, x -> new TreeMap<>()).put(k, n);
                }
            }));
            assertThat(perAddressAndKind(d)).as("%s, mode %s", layout, mode.getKey()).isEqualTo(expected);
            Map<String, Integer> unattributed = new TreeMap<>();
            d.stream().filter(x -> x.address() == null).forEach(x -> unattributed.merge(x.kind(), 1, Integer::sum));
            Map<String, Integer> expectedUnattributed = new TreeMap<>(log.unattributed());
            expectedUnattributed.keySet().retainAll(mode.getValue());
            assertThat(unattributed).as("%s, mode %s, unattributed", layout, mode.getKey())
                    .isEqualTo(expectedUnattributed);
        }
    }

    @ParameterizedTest
    @EnumSource(ScannerMaillog.Layout.class)
    void scannerModeBansTheScannersAndNoLegitimateClient(ScannerMaillog.Layout layout) {
        ScannerMaillog log = ScannerMaillog.generate(SEED, layout);
        Set<IpAddress> banned = banned(run(log, Map.of("mode", "scanner")));

        Set<ScannerMaillog.Role> roles = banned.stream().map(log.roles()::get).collect(Collectors.toSet());
        assertThat(roles).as("roles banned by mode scanner").containsExactlyInAnyOrder(ScannerMaillog.Role.GUESSER,
                ScannerMaillog.Role.AUTH_PROBER, ScannerMaillog.Role.TLS_FAILER, ScannerMaillog.Role.SILENT,
                ScannerMaillog.Role.BAD_INPUT, ScannerMaillog.Role.MIXED);
        for (Map.Entry<IpAddress, ScannerMaillog.Role> e : log.roles().entrySet()) {
            boolean busy = log.expected(e.getKey(), SCANNER) >= MAX_RETRY;
            assertThat(banned.contains(e.getKey()))
                    .as("%s %s (%s)", e.getValue(), e.getKey(), log.truth().get(e.getKey()))
                    .isEqualTo(e.getValue().attacker && busy);
        }
        assertThat(banned).as("scanners over the threshold").hasSizeGreaterThan(30);

        Set<IpAddress> aggressive = banned(run(log, Map.of("mode", "aggressive")));
        assertThat(aggressive).containsAll(banned);
        assertThat(aggressive.stream().map(log.roles()::get)).contains(ScannerMaillog.Role.BAD_COMMAND)
                .noneMatch(r -> !r.attacker);
        assertThat(banned(run(log, Map.of()))).as("mode auth bans the guessers only")
                .allMatch(a -> log.roles().get(a) == ScannerMaillog.Role.GUESSER
                        || log.roles().get(a) == ScannerMaillog.Role.MIXED);
    }

    /** What a jail with max-retry {@link #MAX_RETRY} and a find-time longer than the log would ban. */
    private static Set<IpAddress> banned(List<FilterRunner.Detection> detections) {
        return perAddress(detections).entrySet().stream().filter(e -> e.getValue() >= MAX_RETRY)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    static List<FilterRunner.Detection> run(ScannerMaillog log, Map<String, ?> options) {
        return FilterRunner.run(FilterRunner.create(new OpenSmtpdFilterFactory(), options), log.bytes(),
                "scanner-maillog");
    }

    static Map<IpAddress, Integer> perAddress(List<FilterRunner.Detection> detections) {
        Map<IpAddress, Integer> out = new HashMap<>();
        for (FilterRunner.Detection d : detections) {
            if (d.address() != null) {
                out.merge(d.address(), 1, Integer::sum);
            }
        }
        return out;
    }

    static Map<IpAddress, Map<String, Integer>> perAddressAndKind(List<FilterRunner.Detection> detections) {
        Map<IpAddress, Map<String, Integer>> out = new TreeMap<>();
        for (FilterRunner.Detection d : detections) {
            if (d.address() != null) {
                out.computeIfAbsent(d.address(), k -> new TreeMap<>()).merge(d.kind(), 1, Integer::sum);
            }
        }
        return out;
    }

    static String digest(List<FilterRunner.Detection> detections) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (FilterRunner.Detection d : detections) {
            sha.update((d.line() + "\t" + d.address() + "\t" + d.kind() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
