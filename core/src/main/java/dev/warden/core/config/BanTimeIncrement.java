package dev.warden.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Escalating ban times, like fail2ban's {@code bantime.increment}: each earlier ban of the same address
 * multiplies the ban time by {@code factor}, up to {@code max}. An address whose latest ban ended more
 * than {@code forgetAfter} ago has no earlier bans any more (like fail2ban's {@code dbpurgeage}): it
 * starts again at the base ban time. Immutable.
 *
 * @param factor the multiplier per earlier ban; at least 1 (1 means no escalation)
 * @param max the longest ban escalation may give; positive
 * @param acrossJails count the address's earlier bans in every jail, not only this one
 * @param forgetAfter how long after the end of its latest ban in this jail an address's bans there are
 *     forgotten; positive
 */
public record BanTimeIncrement(double factor, Duration max, boolean acrossJails, Duration forgetAfter) {

    /** Used when {@code ban-time-increment.max} is not set. */
    public static final Duration DEFAULT_MAX = Duration.ofDays(56);

    /**
     * The shortest default {@code forget-after}: eight weeks, fail2ban-like memory of a repeat offender,
     * short enough that the history holds the addresses banned in two months, not every address ever.
     */
    public static final Duration DEFAULT_FORGET_AFTER = Duration.ofDays(56);

    /** No escalation: every ban lasts ban-time (bans are still remembered, for other jails' across-jails). */
    public static final BanTimeIncrement NONE = new BanTimeIncrement(1.0, DEFAULT_MAX, false);

    public BanTimeIncrement {
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(forgetAfter, "forgetAfter");
        if (!(factor >= 1.0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be a finite number of at least 1: " + factor);
        }
        if (max.isNegative() || max.isZero()) {
            throw new IllegalArgumentException("max must be positive");
        }
        if (forgetAfter.isNegative() || forgetAfter.isZero()) {
            throw new IllegalArgumentException("forgetAfter must be positive");
        }
    }

    /** An increment with the default {@code forgetAfter}, {@link #defaultForgetAfter(Duration)}. */
    public BanTimeIncrement(double factor, Duration max, boolean acrossJails) {
        this(factor, max, acrossJails, defaultForgetAfter(max));
    }

    /**
     * The {@code forget-after} used when it is not set: the longer of {@link #DEFAULT_FORGET_AFTER} and
     * {@code max}, so that an address is remembered at least as long as the longest ban escalation can give
     * it (a shorter memory would let an address at the top of its escalation start over after one
     * ban-length of good behaviour), and a short {@code max} does not make escalation forget within hours.
     */
    public static Duration defaultForgetAfter(Duration max) {
        return max.compareTo(DEFAULT_FORGET_AFTER) > 0 ? max : DEFAULT_FORGET_AFTER;
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
