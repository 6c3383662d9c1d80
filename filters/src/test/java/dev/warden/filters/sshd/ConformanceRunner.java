package dev.warden.filters.sshd;

import dev.warden.core.testkit.FilterRunner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the sshd filter over one conformance corpus input in one mode and renders what {@code check.py}
 * reads: one {@code line<TAB>address} per detected failure, each pair once. Unattributed failures have no
 * address and are left out. Test code only.
 */
final class ConformanceRunner {

    private ConformanceRunner() {
    }

    /** The check.py output lines for {@code input} run in {@code mode}. */
    static List<String> run(Path input, String mode) {
        Set<String> rows = new LinkedHashSet<>();
        for (FilterRunner.Detection d : FilterRunner.run(new SshdFilterFactory(), Map.of("mode", mode), input)) {
            if (d.address() != null) {
                rows.add(d.line() + "\t" + d.address());
            }
        }
        return new ArrayList<>(rows);
    }

    /** {@code java ... ConformanceRunner INPUT MODE}: prints the rows, for trying by hand. */
    public static void main(String[] args) {
        run(Path.of(args[0]), args[1]).forEach(System.out::println);
    }
}
