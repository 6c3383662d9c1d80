package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.IpAddress;
import dev.warden.core.testkit.FilterRunner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter against {@link ScannerMaillog}'s ground truth: scanners, AUTH-on-25 probes and TLS failures
 * mixed with legitimate mail.
 */
class ScannerMaillogTest {

    private static final long SEED = 20261107L;

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

    static List<FilterRunner.Detection> run(ScannerMaillog log, Map<String, ?> options) {
        return FilterRunner.run(FilterRunner.create(new OpenSmtpdFilterFactory(), options), log.bytes(), "scanner-maillog");
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
