package dev.warden.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Escalating ban times, like fail2ban's {@code bantime.increment}: each earlier ban of the same address
 * multiplies the ban time by {@code factor}, up to {@code max}. Immutable.
 *
 * @param factor the multiplier per earlier ban; at least 1 (1 means no escalation)
 * @param max the longest ban escalation may give; positive
 * @param acrossJails count the address's earlier bans in every jail, not only this one
 */
public record BanTimeIncrement(double factor, Duration max, boolean acrossJails) {

    /** Used when {@code ban-time-increment.max} is not set. */
    public static final Duration DEFAULT_MAX = Duration.ofDays(56);

    /** No escalation: every ban lasts ban-time. */
    public static final BanTimeIncrement NONE = new BanTimeIncrement(1.0, DEFAULT_MAX, false);

    public BanTimeIncrement {
        Objects.requireNonNull(max, "max");
        if (!(factor >= 1.0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be a finite number of at least 1: " + factor);
        }
        if (max.isNegative() || max.isZero()) {
            throw new IllegalArgumentException("max must be positive");
        }
    }

    /**
     * The length of a ban for an address banned {@code earlierBans} times before: {@code banTime ×
     * factor^earlierBans}, never more than {@code max} (but never less than {@code banTime}).
     */
    public Duration length(Duration banTime, int earlierBans) {
        if (factor == 1.0 || earlierBans <= 0) {
            return banTime;
        }
        double millis = banTime.toMillis() * Math.pow(factor, earlierBans);
        long cap = Math.max(max.toMillis(), banTime.toMillis());
        return millis >= cap ? Duration.ofMillis(cap) : Duration.ofMillis((long) millis);
    }
}
