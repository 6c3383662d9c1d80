package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.IpAddress;
import dev.warden.core.testkit.FilterRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Differential test against the benchmark generator's ground truth: per address, the filter must count
 * exactly the permfail lines the generator wrote for it, and the permfails of sessions whose connect
 * line precedes the log (the seed's "" key) must come out unattributed. Skipped when the generator or
 * python3 is not there.
 */
class GeneratedMaillogTest {

    private static final Path GENERATOR = Path.of("/work/shared/bench/gen_logs.py");

    @Test
    void countsExactlyTheGeneratorsPermfailsPerAddress(@TempDir Path dir) throws Exception {
        generate(dir, "--seed", "7");
        assertAgreesWithTruth(dir);
    }

    @Test
    void readsBareIpv6AddressesToo(@TempDir Path dir) throws Exception {
        generate(dir, "--seed", "8", "--bare-ipv6");
        assertAgreesWithTruth(dir);
    }

    private static void generate(Path dir, String... extra) throws Exception {
        assumeTrue(Files.isRegularFile(GENERATOR), "no generator at " + GENERATOR);
        List<String> argv = new java.util.ArrayList<>(List.of("python3", GENERATOR.toString(),
                "--lines", "60000", "--maillog-lines", "60000", "--authlog-lines", "0",
                "--out", dir.toString(), "-q"));
        argv.addAll(List.of(extra));
        Process p;
        try {
            p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "cannot run python3: " + e.getMessage());
            return;
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("generator finished").isTrue();
        assertThat(p.exitValue()).as("generator exit status, output: %s", output).isZero();
    }

    private static void assertAgreesWithTruth(Path dir) throws Exception {
        Map<IpAddress, Integer> expected = new HashMap<>();
        int expectedOrphans = 0;
        List<String> truth = Files.readAllLines(dir.resolve("maillog.truth.tsv"), StandardCharsets.US_ASCII);
        for (String row : truth.subList(1, truth.size())) {
            String[] f = row.split("\t", -1); // seed_key, address, role, permfails, seed_bans
            int permfails = Integer.parseInt(f[3]);
            if (f[0].isEmpty()) {
                expectedOrphans = permfails;
            } else if (permfails > 0) {
                expected.put(IpAddress.parse(f[1]).orElseThrow(), permfails);
            }
        }
        assertThat(expected).as("truth has attackers").hasSizeGreaterThan(5);
        assertThat(expectedOrphans).as("truth has orphan permfails").isPositive();

        Map<IpAddress, Integer> actual = new HashMap<>();
        int unattributed = 0;
        for (FilterRunner.Detection d : FilterRunner.run(new OpenSmtpdFilterFactory(), Map.of(), dir.resolve("maillog"))) {
            assertThat(d.kind()).isEqualTo("auth");
            if (d.address() == null) {
                unattributed++;
            } else {
                actual.merge(d.address(), 1, Integer::sum);
            }
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(unattributed).isEqualTo(expectedOrphans);
    }
}
