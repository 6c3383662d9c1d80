package dev.warden.filters.sshd;

import dev.warden.core.testkit.FilterRunner;

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
            if (d.address() != null) {
                rows.add(d.line() + "\t" + d.address());
            }
        }
        return new ArrayList<>(rows);
    }

    /** {@code java ... ConformanceRunner INPUT MODE [PAM-FAILURES]}: prints the rows, for trying by hand. */
    public static void main(String[] args) {
        run(Path.of(args[0]), args[1], args.length > 2 ? args[2] : "deferred").forEach(System.out::println);
    }
}
