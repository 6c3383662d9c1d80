package dev.warden.core.config;

import dev.warden.core.fuzz.Fuzz;
import dev.warden.core.fuzz.Mutate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link ConfigLoader} with random YAML-ish text (YAML's own syntax, Warden's keys, odd values,
 * deep nesting, aliases) and with mutations of the shipped {@code config-examples/*.yaml} (bytes flipped
 * and inserted, lines cut, spliced and reordered). The property: loading, and reading only the socket or
 * the plugin folder, returns a {@link ConfigResult} and never throws; a load has a value exactly when it
 * has no error; a result without a value has an error that says why (the socket and the plugin folder
 * are read from files with errors elsewhere too, so those may have both); every issue names a file and
 * has a message; an issue of the file itself is on one of its lines (0 for the whole file, at most one
 * past its last). The examples are loaded beside a copy of their sample logs, with missing logs only a
 * warning (as {@code scan} loads them) and the test catalog's plugins (filters opensmtpd and regex,
 * actions pf and log), so that mutations start from files that load. Bounded: a fixed number of files
 * and fixed seeds (see {@link Fuzz}).
 */
class ConfigLoaderFuzzTest {

    private static final int TRIES = 400;
    private static final List<byte[]> DICTIONARY = Mutate.words(": ", "- ", "\n  ", "\n    - ", "\n", "{", "}",
            "[", "]", ", ", "&a ", "*a", "<<: *a", "!!str ", "!!int ", "!!binary ", "!!java.io.File ", "? ", "'", "\"",
            " # ", "|\n", ">-\n", "\t", "---\n", "...\n", "~", "null", "true", "0x1F", "1e400", "-1", "0",
            "99999999999999999999", "9223372036854775808", "-0s", "1h", "5d", "10y", "999999999999d", "0.5", "1_000",
            "jails:", "filter:", "actions:", "type: ", "logs: ", "ignore: ", "ignore-files: ", "ignore-self: ",
            "max-retry: ", "find-time: ", "ban-time: ", "ban-time-increment: ", "factor: ", "max: ", "forget-after: ",
            "across-jails: ", "weights: ", "max-tracked: ", "timezone: ", "state-dir: ", "socket: ", "plugin-dir: ",
            "poll-interval: ", "save-interval: ", "unban-on-stop: ", "enabled: ", "opensmtpd", "regex", "pf", "log",
            "table: ", "mode: ", "session-timeout: ", "192.0.2.1", "::1", "10.0.0.0/8", "2001:db8::/129",
            "0.0.0.0/0", "Europe/Paris", "../../../etc/passwd", "%YAML 1.2\n", "\uFEFF", "\u0000");

    private static final List<byte[]> EXAMPLES = new ArrayList<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void copyExamples() throws IOException {
        Path examples = Path.of("..", "config-examples");
        try (Stream<Path> files = Files.walk(examples)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                EXAMPLES.add(Files.readAllBytes(p));
            }
        }
        assertThat(EXAMPLES).as("the examples in %s", examples.toAbsolutePath()).hasSizeGreaterThan(3);
        Path samples = examples.resolve("samples");
        try (Stream<Path> files = Files.walk(samples)) {
            for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
                Files.copy(p, dir.resolve("samples").resolve(samples.relativize(p).toString()));
            }
        }
    }

    @Test
    void randomYamlOnlyYieldsIssues() {
        Fuzz.check("config: random YAML", TRIES, ConfigLoaderFuzzTest::randomYaml, Mutate::show,
                ConfigLoaderFuzzTest::check);
    }

    @Test
    void mutatedExamplesOnlyYieldIssues() {
        int[] loaded = new int[1];
        int files = Fuzz.check("config: mutated examples", TRIES, ConfigLoaderFuzzTest::mutatedExample, Mutate::show,
                text -> {
                    if (check(text)) {
                        loaded[0]++;
                    }
                });
        assertThat(loaded[0]).as("mutated files that still load: the mutations start from working files")
                .isGreaterThanOrEqualTo(files / 50);
    }

    /**
     * Loads {@code text} as warden.yaml and checks the result; returns whether it gave a value. Whatever
     * the loader throws fails the property.
     */
    static boolean check(byte[] text) throws IOException {
        Path file = dir.resolve("warden.yaml");
        Files.write(file, text);
        ConfigResult<WardenConfig> config = ConfigLoader.load(file, ConfigFixture.catalog(), ConfigFixture.DEFAULT_ZONE);
        checkResult(config, file, text);
        assertThat(config.value().isPresent()).as("a value exactly when there is no error: %s", config.issues())
                .isEqualTo(!config.hasErrors());
        checkResult(ConfigLoader.socket(file), file, text);
        checkResult(ConfigLoader.pluginFolders(file), file, text);
        return config.value().isPresent();
    }

    /** No value only with an error that says why; every issue located in a file. */
    private static void checkResult(ConfigResult<?> result, Path file, byte[] text) {
        assertThat(result).isNotNull();
        if (result.value().isEmpty()) {
            assertThat(result.hasErrors()).as("a failure says why: %s", result.issues()).isTrue();
        }
        int lines = Mutate.lines(text).size();
        for (ConfigIssue issue : result.issues()) {
            assertThat(issue.file()).as("file of %s", issue).isNotEmpty();
            assertThat(issue.message()).as("message of %s", issue).isNotBlank();
            if (issue.file().equals(file.toString())) {
                assertThat(issue.line()).as("line of %s in a file of %d lines", issue, lines).isBetween(0, lines + 1);
            }
        }
    }

    /**
     * Up to 60 pieces: YAML syntax and Warden's words, random bytes, and now and then deep nesting (block
     * lists around the parser's depth limit of 1,000; flow lists only 150 deep, which SnakeYAML's scanner
     * takes quadratic time over: 2,000 of them take a second) or aliases.
     */
    private static byte[] randomYaml(Random r) {
        StringBuilder sb = new StringBuilder();
        switch (r.nextInt(9)) {
            case 0 -> sb.append("[".repeat(1 + r.nextInt(150)));
            case 1 -> sb.append("- ".repeat(950 + r.nextInt(100)));
            case 2 -> sb.append("a: &a [x, x]\n").append(aliases(r));
            case 3 -> sb.append("jails:\n  j:\n    filter: ".repeat(1 + r.nextInt(3)));
            default -> {
            }
        }
        byte[] start = sb.toString().getBytes(StandardCharsets.UTF_8);
        List<byte[]> pieces = new ArrayList<>(List.of(start));
        int n = r.nextInt(60);
        for (int i = 0; i < n; i++) {
            pieces.add(r.nextInt(5) == 0 ? Mutate.randomBytes(r, 8, List.of())
                    : DICTIONARY.get(r.nextInt(DICTIONARY.size())));
        }
        return Mutate.concat(pieces);
    }

    /** Aliases of aliases, the "billion laughs" shape, a few levels deep. */
    private static String aliases(Random r) {
        StringBuilder sb = new StringBuilder();
        String previous = "a";
        for (int level = 0; level < 1 + r.nextInt(9); level++) {
            String name = "l" + level;
            sb.append(name).append(": &").append(name).append(" [");
            for (int k = 0; k < 9; k++) {
                sb.append(k > 0 ? ", *" : "*").append(previous);
            }
            sb.append("]\n");
            previous = name;
        }
        return sb.toString();
    }

    /** An example, its bytes mutated, or its lines reordered, or both. */
    private static byte[] mutatedExample(Random r) {
        byte[] text = EXAMPLES.get(r.nextInt(EXAMPLES.size()));
        int k = r.nextInt(4);
        if (k != 0) {
            text = Mutate.bytes(r, text, EXAMPLES, DICTIONARY);
        }
        if (k != 1 && r.nextBoolean()) {
            text = Mutate.join(Mutate.reorder(r, Mutate.lines(text)));
        }
        return text;
    }
}
