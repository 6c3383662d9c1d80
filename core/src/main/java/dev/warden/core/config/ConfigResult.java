package dev.warden.core.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of loading configuration: a value when it is usable, and every issue found.
 * Loading never stops at the first error and never returns null.
 *
 * @param <T> the type of the loaded value
 */
public final class ConfigResult<T> {

    private final T value;
    private final T partial;
    private final List<ConfigIssue> issues;

    private ConfigResult(T value, T partial, List<ConfigIssue> issues) {
        this.value = value;
        this.partial = partial;
        this.issues = List.copyOf(issues);
    }

    /** A result holding {@code value} (never null) and these issues (warnings, or errors in a partial value). */
    public static <T> ConfigResult<T> of(T value, List<ConfigIssue> issues) {
        return new ConfigResult<>(Objects.requireNonNull(value, "value"), value, issues);
    }

    /** A result without a value; {@code issues} should explain why. */
    public static <T> ConfigResult<T> failed(List<ConfigIssue> issues) {
        return new ConfigResult<>(null, null, issues);
    }

    /**
     * A result without a value, but with what could be read despite the errors ({@code partial}, may be
     * null), so that later checks can report their problems in the same run.
     */
    public static <T> ConfigResult<T> failed(List<ConfigIssue> issues, T partial) {
        return new ConfigResult<>(null, partial, issues);
    }

    /** The value; empty when the input was not usable. */
    public Optional<T> value() {
        return Optional.ofNullable(value);
    }

    /**
     * What was read: the value, or, when there are errors, as much as could be read in spite of them (a
     * jail with a bad {@code max-retry} has its default). Only for finding further problems (a filter's or
     * action's own options); never to run.
     */
    public Optional<T> partial() {
        return Optional.ofNullable(partial);
    }

    /** Every issue found, in the order found (roughly file order). Never null. */
    public List<ConfigIssue> issues() {
        return issues;
    }

    /** The issues of severity {@link ConfigIssue.Severity#ERROR}. */
    public List<ConfigIssue> errors() {
        return issues.stream().filter(ConfigIssue::isError).toList();
    }

    public boolean hasErrors() {
        return issues.stream().anyMatch(ConfigIssue::isError);
    }

    @Override
    public String toString() {
        return "ConfigResult[value=" + value + ", issues=" + issues + "]";
    }
}
