package dev.warden.core.config;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys the configuration loader accepts, read-only: the very sets its readers check every mapping against
 * (an unknown key is an error), so that what documents them (the {@code warden.yaml(5)} man page, whose test
 * compares the two) cannot drift from what is accepted. Plugin options are not here: each filter and action
 * declares its own through {@link dev.warden.core.spi.OptionSpec}.
 */
public final class ConfigKeys {

    /** The keys of the top level of the file. */
    static final Set<String> TOP_LEVEL = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
            IgnoreSection.IGNORE, IgnoreSection.IGNORE_FILES, IgnoreSection.IGNORE_SELF,
            "jails", "state-dir", "socket", "plugin-dir", "filter-dir", "poll-interval", "save-interval",
            "retry-interval", "unban-on-stop", "metrics-listen", "metrics-file", PrefixLengthsReader.IPV4,
            PrefixLengthsReader.IPV6, FleetReader.KEY)));

    /** The keys of one jail under {@code jails}: the operator contract. */
    static final Set<String> JAIL = Set.of("enabled", "logs", "filter", "max-retry", "find-time", "ban-time",
            "actions", IgnoreSection.IGNORE, IgnoreSection.IGNORE_FILES, "timezone", BanTimeIncrementReader.KEY,
            "max-tracked", "weights", IgnoreSection.IGNORE_SELF, PrefixLengthsReader.IPV4, PrefixLengthsReader.IPV6,
            "source", JailReader.TIME_FORMAT);

    /** The key of a jail's {@code source} (beside {@code logs}). */
    static final String SOURCE = "source";

    /** The keys of a jail's {@code source} of type {@code command}. */
    static final Set<String> SOURCE_COMMAND = Collections.unmodifiableSet(new LinkedHashSet<>(List.of("type", "argv")));

    /** The keys of a jail's {@code source} of type {@code journal}. */
    static final Set<String> SOURCE_JOURNAL = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
            "type", "unit", "match", "file", "directory", "journalctl")));

    /** The keys of a jail's {@code ban-time-increment} map. */
    static final Set<String> BAN_TIME_INCREMENT = Set.of("factor", "max", "across-jails", "forget-after");

    /** The keys of the top-level {@code fleet} section. */
    static final Set<String> FLEET = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
            "redis", "node", "stream", "publish", "actions")));

    private ConfigKeys() {
    }

    /** The top-level keys ({@code jails}, {@code state-dir}, {@code ignore}, ...), in the reference's order. */
    public static Set<String> topLevel() {
        return TOP_LEVEL;
    }

    /** The keys of a jail ({@code logs}, {@code filter}, {@code max-retry}, ...). */
    public static Set<String> jail() {
        return JAIL;
    }

    /** The keys of a jail's {@code ban-time-increment} ({@code factor}, {@code max}, ...). */
    public static Set<String> banTimeIncrement() {
        return BAN_TIME_INCREMENT;
    }

    /** The keys of a jail's {@code source}, every type's ({@code type}, {@code argv}, {@code unit}, ...). */
    public static Set<String> source() {
        Set<String> all = new LinkedHashSet<>(SOURCE_COMMAND);
        all.addAll(SOURCE_JOURNAL);
        return Collections.unmodifiableSet(all);
    }

    /** The keys of the {@code fleet} section ({@code redis}, {@code node}, ...). */
    public static Set<String> fleet() {
        return FLEET;
    }
}
