package dev.warden.core.testkit;

import dev.warden.core.plugin.SampleExpectation;
import dev.warden.core.spi.FilterFactory;

import java.io.IOException;
import java.io.InputStream;
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
 * # options: {mode: aggressive}    the filter's options for this sample (optional; a YAML flow mapping)
 * # expect: fail 192.0.2.7        this line yields exactly one failure of that address
 * # expect: fail 192.0.2.7 x2     ...exactly two failures of that address
 * # expect: none                  this line yields nothing
 * # expect: unattributed          this line yields one failure without an address
 * Nov  7 10:00:00 mail smtpd[123]: ...
 * </pre>
 * Comment lines are still fed to the filter (they must yield nothing), so line numbers match the file.
 * The built-in filters' samples and a plugin's are checked by the same {@link #assertMatches(FilterFactory,
 * String)}: a filter author's whole test is
 * <pre>{@code
 * @Test
 * void sampleLog() {
 *     AnnotatedSampleLog.assertMatches(new DovecotFilterFactory(), "warden-samples/dovecot.log");
 * }
 * }</pre>
 */
public final class AnnotatedSampleLog {

    private static final String PREFIX = "# expect:";

    private AnnotatedSampleLog() {
    }

    /** A sample's content and the name problems are reported under. */
    private record Sample(String name, byte[] bytes) {

        List<String> lines() {
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        }
    }

    /**
     * Checks the sample log that ships with the filter: the class-path resource {@code resource} (such as
     * {@code "warden-samples/dovecot.log"}) as the factory's own class loader sees it, run with the options
     * of its {@code # options:} header (none: the filter's defaults). Throws an AssertionError listing every
     * line whose result differs from its annotation, or when there is no such resource.
     */
    public static void assertMatches(FilterFactory factory, String resource) {
        Sample sample = resource(factory, resource);
        assertMatches(factory, SampleOptions.of(sample.lines()), sample);
    }

    /** Same as {@link #assertMatches(FilterFactory, String)} for a file. */
    public static void assertMatches(FilterFactory factory, Path sampleLog) {
        Sample sample = file(sampleLog);
        assertMatches(factory, SampleOptions.of(sample.lines()), sample);
    }

    /**
     * Checks a sample file with these options (its {@code # options:} header, if any, is not read). Throws
     * an AssertionError listing every line whose result differs from its annotation.
     */
    public static void assertMatches(FilterFactory factory, Map<String, ?> options, Path sampleLog) {
        assertMatches(factory, options, file(sampleLog));
    }

    /** Returns one message per mismatch (empty when the filter does exactly what the annotations say). */
    public static List<String> check(FilterFactory factory, Map<String, ?> options, Path sampleLog) {
        return check(factory, options, file(sampleLog));
    }

    /** The options a sample's {@code # options:} header gives, or none; values as YAML wrote them. */
    public static Map<String, Object> headerOptions(Path sampleLog) {
        return SampleOptions.of(file(sampleLog).lines());
    }

    private static void assertMatches(FilterFactory factory, Map<String, ?> options, Sample sample) {
        List<String> problems = check(factory, options, sample);
        if (!problems.isEmpty()) {
            throw new AssertionError(sample.name() + ": " + problems.size()
                    + " line(s) differ from their annotation:\n  " + String.join("\n  ", problems));
        }
    }

    private static Sample file(Path sampleLog) {
        try {
            return new Sample(sampleLog.toString(), Files.readAllBytes(sampleLog));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Sample resource(FilterFactory factory, String resource) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        ClassLoader loader = factory.getClass().getClassLoader();
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("no class-path resource " + name + " beside "
                        + factory.getClass().getName() + " (put it under src/main/resources/" + name + ")");
            }
            return new Sample(name, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> check(FilterFactory factory, Map<String, ?> options, Sample sample) {
        List<String> lines = sample.lines();
        Map<Long, List<String>> actual = new HashMap<>();
        for (FilterRunner.Detection d : FilterRunner.run(FilterRunner.create(factory, options), sample.bytes(),
                sample.name())) {
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

    /** The detections an annotation promises, in the grammar {@link SampleExpectation} reads; null when unreadable. */
    private static List<String> expected(String spec, long line, List<String> problems) {
        SampleExpectation e = SampleExpectation.parse(spec).orElse(null);
        if (e == null) {
            return bad(spec, line, problems);
        }
        List<String> out = new ArrayList<>();
        for (int k = 0; k < e.times(); k++) {
            out.add(e.outcome() == SampleExpectation.Outcome.FAIL ? "fail " + e.address() : "unattributed");
        }
        return out;
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
