package dev.warden.filters.sshd;

import dev.warden.core.testkit.FilterRunner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the sshd filter over one conformance corpus input in one mode (and PAM handling) and renders what {@code check.py}
 * reads: one {@code line<TAB>address} per detected failure, each pair once. Unattributed failures have no
 * address and are left out. Test code only.
 */
final class ConformanceRunner {

    private ConformanceRunner() {
    }

    /** The check.py output lines for {@code input} run in {@code mode} with the default PAM handling. */
    static List<String> run(Path input, String mode) {
        return run(input, mode, "deferred");
    }

    /** The check.py output lines for {@code input} run in {@code mode} with {@code pam-failures}. */
    static List<String> run(Path input, String mode, String pamFailures) {
        Set<String> rows = new LinkedHashSet<>();
        Map<String, String> options = Map.of("mode", mode, "pam-failures", pamFailures);
        for (FilterRunner.Detection d : FilterRunner.run(new SshdFilterFactory(), options, input)) {
            add(rows, d.line(), d);
        }
        return new ArrayList<>(rows);
    }

    /**
     * The check.py output lines for test vectors that are each a bare sshd message on their own (sshguard's,
     * whose parser reads each vector alone): every line of {@code input} is a log of its own, read by a new
     * filter in {@code mode} with {@code require-tag: false}.
     */
    static List<String> runBareVectors(Path input, String mode) throws IOException {
        Set<String> rows = new LinkedHashSet<>();
        List<String> vectors = Files.readAllLines(input, StandardCharsets.UTF_8);
        Map<String, Object> options = Map.of("mode", mode, "require-tag", false);
        for (int i = 0; i < vectors.size(); i++) {
            byte[] one = (vectors.get(i) + "\n").getBytes(StandardCharsets.UTF_8);
            for (FilterRunner.Detection d : FilterRunner.run(FilterRunner.create(new SshdFilterFactory(), options),
                    one, input + ":" + (i + 1))) {
                add(rows, i + 1, d);
            }
        }
        return new ArrayList<>(rows);
    }

    /** A detection's row on line {@code line}; unattributed failures have none. */
    private static void add(Set<String> rows, long line, FilterRunner.Detection d) {
        if (d.address() != null) {
            rows.add(line + "\t" + d.address());
        }
    }

    /** {@code java ... ConformanceRunner INPUT MODE [PAM-FAILURES]}: prints the rows, for trying by hand. */
    public static void main(String[] args) {
        run(Path.of(args[0]), args[1], args.length > 2 ? args[2] : "deferred").forEach(System.out::println);
    }
}
