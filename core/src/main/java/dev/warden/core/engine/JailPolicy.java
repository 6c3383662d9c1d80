package dev.warden.core.engine;

import dev.warden.core.config.BanTimeIncrement;
import dev.warden.core.config.JailDefinition;

import java.time.Duration;
import java.util.Objects;

/**
 * The thresholds of one jail: {@code maxRetry} failures within {@code findTime} (log time) earn a ban of
 * {@code banTime}, escalated for repeat offenders by {@code increment}. {@code maxTracked} caps how many
 * addresses are tracked at once.
 */
public record JailPolicy(int maxRetry, Duration findTime, Duration banTime, int maxTracked,
                         BanTimeIncrement increment) {

    /** Default cap on tracked addresses. */
    public static final int DEFAULT_MAX_TRACKED = JailDefinition.DEFAULT_MAX_TRACKED;

    public JailPolicy {
        Objects.requireNonNull(findTime, "findTime");
        Objects.requireNonNull(banTime, "banTime");
        Objects.requireNonNull(increment, "increment");
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

    public JailPolicy(int maxRetry, Duration findTime, Duration banTime, int maxTracked) {
        this(maxRetry, findTime, banTime, maxTracked, BanTimeIncrement.NONE);
    }

    public JailPolicy(int maxRetry, Duration findTime, Duration banTime) {
        this(maxRetry, findTime, banTime, DEFAULT_MAX_TRACKED);
    }

    /** The policy a configured jail asks for. */
    public static JailPolicy of(JailDefinition def) {
        return new JailPolicy(def.maxRetry(), def.findTime(), def.banTime(), def.maxTracked(), def.increment());
    }

    /** How long a ban lasts for an address banned {@code earlierBans} times before. */
    public Duration banLength(int earlierBans) {
        return increment.length(banTime, earlierBans);
    }
}
