package dev.warden.core.retry;

import java.time.Duration;

/**
 * The pauses of a thread that tries something again after it failed: the first pause is {@code first}, each
 * one after it twice the one before, never more than {@code max}, and {@link #reset()} (after a success)
 * starts again at {@code first}. So a thing that cannot work is tried once every {@code max}, not in a tight
 * loop, and one that fails now and then is back within {@code first}.
 *
 * <p>Not thread-safe: confined to the thread that waits. It only computes the pauses; the caller sleeps,
 * so a close can interrupt it.
 */
public final class Backoff {

    private final Duration first;
    private final Duration max;
    private Duration next;

    /**
     * @param first the first pause, positive
     * @param max   the longest pause, at least {@code first}
     * @throws IllegalArgumentException if {@code first} is not positive or {@code max} is less than it
     */
    public Backoff(Duration first, Duration max) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff from " + first + " up to " + max);
        }
        this.first = first;
        this.max = max;
        this.next = first;
    }

    /** The pause before the next try; the one after it is twice as long, up to the longest. Never null. */
    public Duration next() {
        Duration wait = next;
        next = next.compareTo(max.dividedBy(2)) >= 0 ? max : next.multipliedBy(2);
        return wait;
    }

    /** Starts again: the next pause is the first. */
    public void reset() {
        next = first;
    }
}
