package dev.warden.core.testkit;

import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.IpAddress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a filter against an annotated sample log: every log line is preceded by exactly one expectation
 * comment, and lines starting with {@code #} are never log lines.
 * <pre>
 * # any comment
 * # expect: fail 192.0.2.7        this line yields exactly one failure of that address
 * # expect: fail 192.0.2.7 x2     ...exactly two failures of that address
 * # expect: none                  this line yields nothing
 * # expect: unattributed          this line yields one failure without an address
 * Nov  7 10:00:00 mail smtpd[123]: ...
 * </pre>
 * Comment lines are still fed to the filter (they must yield nothing), so line numbers match the file.
 */
public final class AnnotatedSampleLog {

    private static final String PREFIX = "# expect:";

    private AnnotatedSampleLog() {
    }

    /** Throws an AssertionError listing every line whose result differs from its annotation. */
    public static void assertMatches(FilterFactory factory, Map<String, ?> options, Path sampleLog) {
        List<String> problems = check(factory, options, sampleLog);
        if (!problems.isEmpty()) {
            throw new AssertionError(sampleLog + ": " + problems.size() + " line(s) differ from their annotation:\n  "
                    + String.join("\n  ", problems));
        }
    }

    /** Returns one message per mismatch (empty when the filter does exactly what the annotations say). */
    public static List<String> check(FilterFactory factory, Map<String, ?> options, Path sampleLog) {
        List<String> lines;
        try {
            lines = Files.readAllLines(sampleLog, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Long, List<String>> actual = new HashMap<>();
        for (FilterRunner.Detection d : FilterRunner.run(factory, options, sampleLog)) {
            actual.computeIfAbsent(d.line(), k -> new ArrayList<>())
                    .add(d.address() == null ? "unattributed" : "fail " + d.address());
        }
        List<String> problems = new ArrayList<>();
        String pending = null;
        long pendingLine = 0;
        int annotated = 0;
        for (int i = 0; i < lines.size(); i++) {
            long n = i + 1;
            String text = lines.get(i);
            if (text.startsWith("#")) {
                if (actual.containsKey(n)) {
                    problems.add("line " + n + " (a comment) yielded " + actual.get(n));
                }
                if (text.startsWith(PREFIX)) {
                    if (pending != null) {
                        problems.add("line " + pendingLine + ": annotation not followed by a log line");
                    }
                    pending = text.substring(PREFIX.length()).trim();
                    pendingLine = n;
                }
                continue;
            }
            if (text.isBlank() && pending == null) {
                continue;
            }
            if (pending == null) {
                problems.add("line " + n + ": log line without '# expect:' annotation: " + text);
                continue;
            }
            List<String> expected = expected(pending, pendingLine, problems);
            List<String> got = actual.getOrDefault(n, List.of());
            if (expected != null && !sorted(expected).equals(sorted(got))) {
                problems.add("line " + n + ": expected " + (expected.isEmpty() ? "none" : expected)
                        + " but got " + (got.isEmpty() ? "none" : got) + ": " + text);
            }
            annotated++;
            pending = null;
        }
        if (pending != null) {
            problems.add("line " + pendingLine + ": annotation at end of file");
        }
        if (annotated == 0) {
            problems.add("no annotated log lines");
        }
        return problems;
    }

    private static List<String> expected(String spec, long line, List<String> problems) {
        String[] f = spec.split("\\s+");
        List<String> out = new ArrayList<>();
        switch (f[0]) {
            case "none" -> {
                return out;
            }
            case "unattributed" -> {
                int times = f.length > 1 ? times(f[1]) : 1;
                for (int k = 0; k < times; k++) {
                    out.add("unattributed");
                }
                return times > 0 ? out : bad(spec, line, problems);
            }
            case "fail" -> {
                if (f.length < 2 || IpAddress.parse(f[1]).isEmpty()) {
                    return bad(spec, line, problems);
                }
                int times = f.length > 2 ? times(f[2]) : 1;
                for (int k = 0; k < times; k++) {
                    out.add("fail " + IpAddress.parse(f[1]).get());
                }
                return times > 0 ? out : bad(spec, line, problems);
            }
            default -> {
                return bad(spec, line, problems);
            }
        }
    }

    private static int times(String s) {
        return s.matches("x\\d+") ? Integer.parseInt(s.substring(1)) : -1;
    }

    private static List<String> bad(String spec, long line, List<String> problems) {
        problems.add("line " + line + ": unreadable annotation '" + spec + "'");
        return null;
    }

    private static List<String> sorted(List<String> l) {
        List<String> c = new ArrayList<>(l);
        c.sort(null);
        return c;
    }
}
