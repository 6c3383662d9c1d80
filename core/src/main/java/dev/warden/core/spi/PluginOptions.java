package dev.warden.core.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A typed, read-only view of one plugin's options from YAML, already checked against its
 * {@link OptionSpec}s. Getters return the operator's value, else the declared default.
 *
 * <p>Asking for a name that was not declared is a programming error ({@link IllegalArgumentException});
 * asking a typed getter for an option that has neither value nor default throws
 * {@link java.util.NoSuchElementException} — use {@link #isSet} or the {@code Optional} getter for those.
 */
public interface PluginOptions {

    /** Whether the operator wrote this option. */
    boolean isSet(String name);

    /** The raw value (or default) as text, when there is one. */
    Optional<String> optionalString(String name);

    /** A {@link OptionType#STRING}, {@link OptionType#CHOICE} or any scalar option as text. */
    String string(String name);

    long integer(String name);

    double decimal(String name);

    boolean bool(String name);

    Duration duration(String name);

    /**
     * A {@link OptionType#DURATION} that must be longer than zero (a timeout, an interval).
     *
     * @throws PluginConfigException naming the option when it is zero or negative
     */
    default Duration positiveDuration(String name) throws PluginConfigException {
        Duration d = duration(name);
        if (d.isZero() || d.isNegative()) {
            throw new PluginConfigException(name, "must be longer than 0s");
        }
        return d;
    }

    Path path(String name);

    /** A {@link OptionType#STRING_LIST}; empty when unset without default. */
    List<String> strings(String name);

    /**
     * A {@link OptionType#STRING_MAP}, in the order written; empty when unset. (A default method for
     * {@link Spi} compatibility: core's implementation overrides it.)
     */
    default Map<String, String> stringMap(String name) {
        throw new UnsupportedOperationException("this PluginOptions has no map options");
    }
}
