package dev.warden.core.engine;

import dev.warden.core.config.BanTimeIncrement;
import dev.warden.core.config.JailDefinition;
import dev.warden.core.net.PrefixLengths;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The thresholds of one jail: {@code maxRetry} failures within {@code findTime} (log time) earn a ban of
 * {@code banTime}, escalated for repeat offenders by {@code increment}. {@code maxTracked} caps how many
 * addresses are tracked at once. {@code weights} (thousandths per failure kind; a kind not listed weighs
 * 1000) let a jail ban on a score: the failures' weights within find-time add up to max-retry.
 * {@code prefixes} say what is counted and banned: each address, or its network (an IPv6 /64, say).
 */
public record JailPolicy(int maxRetry, Duration findTime, Duration banTime, int maxTracked,
                         BanTimeIncrement increment, Map<String, Integer> weights, PrefixLengths prefixes) {

    /** Default cap on tracked addresses. */
    public static final int DEFAULT_MAX_TRACKED = JailDefinition.DEFAULT_MAX_TRACKED;

    public JailPolicy {
        Objects.requireNonNull(findTime, "findTime");
        Objects.requireNonNull(banTime, "banTime");
        Objects.requireNonNull(increment, "increment");
        Objects.requireNonNull(prefixes, "prefixes");
        weights = Map.copyOf(weights);
        weights.values().forEach(w -> {
            if (w < 0) {
                throw new IllegalArgumentException("weights must not be negative");
            }
        });
        if (maxRetry < 1) {
            throw new IllegalArgumentException("maxRetry must be at least 1");
        }
        if (banTime.isNegative() || banTime.isZero()) {
            throw new IllegalArgumentException("banTime must be positive");
        }
        if (maxTracked < 1) {
            throw new IllegalArgumentException("maxTracked must be at least 1");
        }
    }

    /** Each address counted alone. */
    public JailPolicy(int maxRetry, Duration findTime, Duration banTime, int maxTracked, BanTimeIncrement increment,
                      Map<String, Integer> weights) {
        this(maxRetry, findTime, banTime, maxTracked, increment, weights, PrefixLengths.FULL);
    }

    public JailPolicy(int maxRetry, Duration findTime, Duration banTime, int maxTracked) {
        this(maxRetry, findTime, banTime, maxTracked, BanTimeIncrement.NONE, Map.of());
    }

    public JailPolicy(int maxRetry, Duration findTime, Duration banTime) {
        this(maxRetry, findTime, banTime, DEFAULT_MAX_TRACKED);
    }

    /** The policy a configured jail asks for. */
    public static JailPolicy of(JailDefinition def) {
        Map<String, Integer> milli = new HashMap<>();
        def.weights().forEach((kind, w) -> milli.put(kind, (int) Math.round(w * 1000)));
        return new JailPolicy(def.maxRetry(), def.findTime(), def.banTime(), def.maxTracked(), def.increment(), milli,
                def.prefixes());
    }

    /** The weight of a failure of {@code kind}, in thousandths. */
    public int weightOf(String kind) {
        if (weights.isEmpty()) {
            return 1000;
        }
        Integer w = weights.get(kind);
        return w == null ? 1000 : w;
    }

    /** The score (thousandths) that earns a ban. */
    public long banScore() {
        return maxRetry * 1000L;
    }

    /** How many failures a window keeps at most: enough for the lightest weight to reach the ban score. */
    public int maxEntries() {
        int lightest = 1000;
        for (int w : weights.values()) {
            if (w > 0) {
                lightest = Math.min(lightest, w);
            }
        }
        return (int) Math.min(100_000, (banScore() + lightest - 1) / lightest);
    }

    /** How long a ban lasts for an address banned {@code earlierBans} times before. */
    public Duration banLength(int earlierBans) {
        return increment.length(banTime, earlierBans);
    }
}
