package dev.warden.core.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * The thresholds of one jail: {@code maxRetry} failures within {@code findTime} (log time) earn a ban of
 * {@code banTime}. {@code maxTracked} caps how many addresses are tracked at once.
 */
public record JailPolicy(int maxRetry, Duration findTime, Duration banTime, int maxTracked) {

    /** Default cap on tracked addresses. */
    public static final int DEFAULT_MAX_TRACKED = 1_000_000;

    public JailPolicy {
        Objects.requireNonNull(findTime, "findTime");
        Objects.requireNonNull(banTime, "banTime");
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

    public JailPolicy(int maxRetry, Duration findTime, Duration banTime) {
        this(maxRetry, findTime, banTime, DEFAULT_MAX_TRACKED);
    }
}
