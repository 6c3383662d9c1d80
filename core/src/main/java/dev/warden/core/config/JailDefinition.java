package dev.warden.core.config;

import dev.warden.core.log.TimePattern;
import dev.warden.core.net.IgnoreList;
import dev.warden.core.net.PrefixLengths;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One jail as configured and validated: which logs to read, how to find failures in them, when to ban,
 * and how. Immutable; all components non-null.
 *
 * @param name the jail's name (its key under {@code jails})
 * @param enabled whether the jail runs ({@code enabled}, default true)
 * @param logs absolute log paths; glob patterns ({@code *}, {@code ?}, {@code [}) kept as written; empty when
 *     the jail has a {@link #source}
 * @param filter the filter that turns log lines into failures
 * @param maxRetry failures within {@link #findTime} that cause a ban; at least 1 ({@code max-retry}, default 5)
 * @param findTime the window failures are counted in ({@code find-time}, default 10m)
 * @param banTime how long a ban lasts; positive ({@code ban-time}, default 10m)
 * @param actions what carries out bans; not empty, in configured order
 * @param ignore the jail's own {@code ignore} and {@code ignore-files} entries united with the global ones
 * @param ignoreSelf whether this host's own addresses (loopback and every interface's, as found when the
 *     jail starts) are ignored too ({@code ignore-self}, the jail's or else the top level's, default true)
 * @param timezone the zone of log times written without one ({@code timezone}, default the system zone)
 * @param increment how ban times escalate for repeat offenders ({@code ban-time-increment}, default none)
 * @param maxTracked how many addresses the jail counts failures for at once; the stalest are forgotten
 *     beyond it ({@code max-tracked}, default {@value #DEFAULT_MAX_TRACKED})
 * @param weights how much a failure of each kind counts ({@code weights}; a kind not listed counts 1, 0
 *     ignores the kind); empty when not set
 * @param prefixes the prefix lengths failures are counted and bans placed under ({@code ipv4-prefix},
 *     {@code ipv6-prefix}, the jail's or else the top level's; default 32 and 128: each address alone)
 * @param source where the lines come from instead of {@link #logs} ({@code source}: a command, the journal);
 *     empty for a jail that reads its logs
 * @param timeFormat the one time shape the jail's logs are read with ({@code time-format}); empty: the
 *     built-in shapes
 */
public record JailDefinition(String name, boolean enabled, List<String> logs, PluginRef filter, int maxRetry,
                             Duration findTime, Duration banTime, List<PluginRef> actions, IgnoreList ignore,
                             boolean ignoreSelf, ZoneId timezone, BanTimeIncrement increment, int maxTracked,
                             Map<String, Double> weights, PrefixLengths prefixes, Optional<SourceSpec> source,
                             Optional<TimePattern> timeFormat) {

    /** Used when {@code max-retry} is not set. */
    public static final int DEFAULT_MAX_RETRY = 5;
    /** Used when {@code find-time} is not set. */
    public static final Duration DEFAULT_FIND_TIME = Duration.ofMinutes(10);
    /** Used when {@code ban-time} is not set. */
    public static final Duration DEFAULT_BAN_TIME = Duration.ofMinutes(10);
    /** Used when {@code max-tracked} is not set. */
    public static final int DEFAULT_MAX_TRACKED = 100_000;
    /** Used when {@code ipv4-prefix} is set neither in the jail nor at the top level: each address alone. */
    public static final int DEFAULT_IPV4_PREFIX = PrefixLengths.FULL.ipv4();
    /** Used when {@code ipv6-prefix} is set neither in the jail nor at the top level: each address alone. */
    public static final int DEFAULT_IPV6_PREFIX = PrefixLengths.FULL.ipv6();

    public JailDefinition {
        Objects.requireNonNull(name, "name");
        logs = List.copyOf(logs);
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(findTime, "findTime");
        Objects.requireNonNull(banTime, "banTime");
        actions = List.copyOf(actions);
        Objects.requireNonNull(ignore, "ignore");
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(increment, "increment");
        weights = Map.copyOf(weights);
        Objects.requireNonNull(prefixes, "prefixes");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(timeFormat, "timeFormat");
        if (maxTracked < 1) {
            throw new IllegalArgumentException("maxTracked must be at least 1");
        }
    }

    /** What the running jail ignores: {@link #ignore}, and {@code self} (this host's addresses) if {@link #ignoreSelf}. */
    public IgnoreList effectiveIgnore(IgnoreList self) {
        return ignoreSelf ? ignore.union(self) : ignore;
    }
}
