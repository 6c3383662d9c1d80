package dev.warden.filters;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.plugin.PluginCatalog;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.testkit.FilterRunner;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds the library's scores on fail2ban's annotated test logs in fail2ban's default mode (docs/filters.md),
 * the same count as {@code bench/filter-conformance.py}, through core's real reader: no false positive, no
 * wrong address, and every expected failure found (host names aside: Warden never resolves a name from a log). The eight logs of {@code ../shared/conformance/fail2ban}
 * are skipped when that folder is absent; the four of {@code bench/conformance-extra} are in the repository.
 */
class LibraryConformanceTest {

    private static final Pattern FAIL_JSON = Pattern.compile("#\\s*failJSON:(.*)");
    private static final Pattern FILTER_OPTIONS = Pattern.compile("#\\s*filterOptions:(.*)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A log line and what fail2ban's annotation above it expects (null: not scored in the default mode). */
    private record Entry(String line, Boolean match, String host) {
    }

    /**
     * Columns: filter, where its log is ({@code shared} or {@code extra}), fail2ban's default mode (- for none),
     * expected failures with a literal address: all must be found.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "postfix, shared, more, 31",
            "dovecot, shared, normal, 45",
            "nginx-http-auth, shared, normal, 9",
            "nginx-limit-req, shared, -, 9",
            "apache-auth, shared, -, 40",
            "exim, shared, normal, 12",
            "sendmail-auth, shared, -, 13",
            "pure-ftpd, shared, -, 1",
            "courier-auth, extra, -, 6",
            "proftpd, extra, -, 8",
            "vsftpd, extra, -, 5",
            "mysqld-auth, extra, -, 11"})
    void scoresOnFail2bansTestLog(String filter, String where, String mode, int expected) throws Exception {
        Path log = where.equals("shared")
                ? Path.of(System.getProperty("warden.conformance", "../../shared/conformance")).resolve("fail2ban")
                        .resolve(filter)
                : Path.of("../bench/conformance-extra").resolve(filter);
        Assumptions.assumeTrue(Files.isRegularFile(log), "no " + log);
        List<Entry> entries = entries(log, mode.equals("-") ? null : mode);
        Path input = Files.createTempFile("conformance-" + filter, ".log");
        Map<Integer, Set<IpAddress>> got = new HashMap<>();
        try {
            Files.write(input, entries.stream().map(Entry::line).toList(), StandardCharsets.UTF_8);
            PluginCatalog catalog = PluginCatalog.discover(LibraryConformanceTest.class.getClassLoader());
            for (FilterRunner.Detection d : FilterRunner.run(catalog.filter(filter).orElseThrow(), Map.of(), input)) {
                got.computeIfAbsent((int) d.line(), k -> new HashSet<>()).add(d.address());
            }
        } finally {
            Files.delete(input);
        }
        int scored = 0;
        int hits = 0;
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            Set<IpAddress> reported = got.getOrDefault(i + 1, Set.of());
            if (e.match() == null) {
                continue;
            }
            IpAddress want = e.host() == null ? null : IpAddress.parse(e.host()).orElse(null);
            if (!e.match() || want == null) {
                if (!e.match() && !reported.isEmpty()) {
                    wrong.add("false positive " + reported + ": " + e.line());
                }
                continue; // a host name: out of scope
            }
            scored++;
            if (reported.equals(Set.of(want))) {
                hits++;
            } else if (!reported.isEmpty()) {
                wrong.add("wrong address " + reported + ", want " + want + ": " + e.line());
            }
        }
        assertThat(wrong).as(filter).isEmpty();
        assertThat(scored).as(filter + ": expected failures").isEqualTo(expected);
        assertThat(hits).as(filter + ": found").isEqualTo(expected);
    }

    /** The log's lines in order, each with its annotation for {@code defaultMode} (null: no modes). */
    private static List<Entry> entries(Path log, String defaultMode) throws IOException {
        List<Entry> out = new ArrayList<>();
        boolean scored = true;
        Map<?, ?> pending = null;
        boolean skip = false;
        for (String text : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            var options = FILTER_OPTIONS.matcher(text);
            var json = FAIL_JSON.matcher(text);
            if (options.matches()) {
                scored = inDefaultMode(JSON.readTree(options.group(1)), defaultMode);
                pending = null;
            } else if (json.matches()) {
                pending = JSON.readValue(json.group(1), Map.class);
                skip = !scored;
            } else if (!text.startsWith("#") && !text.isBlank()) {
                boolean annotated = pending != null && !skip;
                Boolean match = null; // annotated for another mode: not scored
                if (annotated) {
                    match = Boolean.TRUE.equals(pending.get("match"));
                } else if (pending == null) {
                    match = Boolean.FALSE; // not annotated: must yield nothing
                }
                out.add(new Entry(text, match,
                        annotated && pending.get("host") != null ? String.valueOf(pending.get("host")) : null));
                pending = null;
            }
        }
        return out;
    }

    private static boolean inDefaultMode(com.fasterxml.jackson.databind.JsonNode options, String defaultMode) {
        List<com.fasterxml.jackson.databind.JsonNode> sets = new ArrayList<>();
        if (options.isArray()) {
            options.forEach(sets::add);
        } else {
            sets.add(options);
        }
        for (var s : sets) {
            var mode = s.get("mode");
            if (mode == null || mode.asText().equals(defaultMode)) {
                return true;
            }
        }
        return false;
    }
}
