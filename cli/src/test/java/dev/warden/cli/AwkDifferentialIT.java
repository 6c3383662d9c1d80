package dev.warden.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test against the real seed awk program: on generated maillogs, {@code warden scan --dry-run}
 * with the seed-equivalent jail bans exactly the addresses awk prints (awk's "IPv6:" prefix stripped).
 * Skipped when awk, python3 or ../shared/bench/gen_logs.py is missing.
 */
class AwkDifferentialIT {

    private static final String SEED = """
            / smtp connected / { ips[$6]=substr($9, 9) }
            / smtp authentication / && /result=permfail/ { seen[ips[$6]]++ }
            END { for (ip in seen) if (seen[ip] > tries) print ip }
            """;

    private static final Path GENERATOR = WardenProcess.root().resolve("../shared/bench/gen_logs.py").normalize();

    @ParameterizedTest(name = "seed {0}, {1} lines, {2}")
    @CsvSource({
            "1, 60000, --start=2024-12-31T23:30:00",
            "1, 20000, ''",
            "2, 40000, --bare-ipv6",
            "3, 40000, --start=2025-06-30T22:00:00",
            "4, 30000, --ipv6-share=0.6",
    })
    void wardenBansExactlyWhatTheSeedScriptBans(int seed, int lines, String extra, @TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(GENERATOR), "no ../shared/bench/gen_logs.py");
        Assumptions.assumeTrue(onPath("awk") && onPath("python3"), "awk or python3 missing");
        List<String> gen = new java.util.ArrayList<>(List.of("python3", GENERATOR.toString(), "--lines", "" + lines,
                "--authlog-lines", "0", "--seed", "" + seed, "--out", dir.toString(), "-q"));
        if (!extra.isEmpty()) {
            gen.add(extra);
        }
        exec(dir, gen, null);
        Path maillog = dir.resolve("maillog");

        Path awkOut = dir.resolve("awk.out");
        exec(dir, List.of("awk", "-v", "tries=10", SEED, maillog.toString()), awkOut);
        TreeSet<String> awk = Files.readAllLines(awkOut).stream().filter(s -> !s.isEmpty())
                .map(s -> s.startsWith("IPv6:") ? s.substring(5) : s)
                .map(s -> dev.warden.core.spi.IpAddress.parse(s).orElseThrow().toString())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(awk).as("the generator always makes some bots").isNotEmpty();

        Path cfg = dir.resolve("seed.yaml");
        Files.writeString(cfg, """
                jails:
                  smtpd-auth:
                    logs: [maillog]
                    filter: opensmtpd
                    max-retry: 11
                    find-time: 1d
                    ban-time: 5d
                    timezone: UTC
                    actions: [{type: pf, table: bot}]
                """);
        String now = lastTimestamp(maillog, Integer.parseInt(
                extra.startsWith("--start=") ? extra.substring(8, 12) : "2024"));
        WardenProcess.Result r = WardenProcess.run(dir, "scan", "-c", cfg.toString(), "--dry-run", "--no-state",
                "--now", now);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        TreeSet<String> warden = r.stdoutLines().stream().map(l -> l.split("\t")[1])
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(warden).isEqualTo(awk);
    }

    /** The last line's time as an instant, a minute later (the log is replayed as if just written). */
    private static String lastTimestamp(Path log, int startYear) throws IOException {
        List<String> all = Files.readAllLines(log);
        String last = all.get(all.size() - 1).substring(0, 15);
        String first = all.get(0).substring(0, 15);
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy MMM d HH:mm:ss", Locale.ENGLISH);
        LocalDateTime start = LocalDateTime.parse(startYear + " " + first.replaceAll(" +", " "), f);
        LocalDateTime end = LocalDateTime.parse(startYear + " " + last.replaceAll(" +", " "), f);
        if (end.isBefore(start)) {
            end = end.plusYears(1);
        }
        return end.plusMinutes(1).toInstant(ZoneOffset.UTC).toString();
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    private static void exec(Path dir, List<String> cmd, Path stdout) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(stdout == null);
        if (stdout != null) {
            pb.redirectOutput(stdout.toFile());
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        } else {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process p = pb.start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd)).isZero();
    }
}
