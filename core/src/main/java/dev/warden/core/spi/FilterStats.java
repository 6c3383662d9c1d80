package dev.warden.core.spi;

import java.util.List;
import java.util.Map;

/**
 * Optional: a {@link Filter} that also implements this reports what it saw, for {@code warden test-filter}
 * (the role of fail2ban-regex's per-pattern summary). Read on the jail's thread, after the lines.
 */
public interface FilterStats {

    /**
     * How many lines each of the filter's patterns (or message shapes) matched, by a name an operator
     * recognizes (the pattern as written, or a shape such as {@code "Failed password"}), in a stable order.
     * Never null.
     */
    Map<String, Long> patternHits();

    /** Lines that a pattern matched but an ignore rule then discarded. */
    long ignoredLines();

    /**
     * Why patterns that matched nothing did not, one sentence per pattern (which pattern, and the first line
     * that came close: a program name the filter does not take, a match that is not at the message start, a
     * line whose date could not be read so its header was not stripped), for {@code warden test-filter}.
     * Never null; empty when every pattern matched or the filter cannot tell.
     */
    default List<String> explanations() {
        return List.of();
    }
}
