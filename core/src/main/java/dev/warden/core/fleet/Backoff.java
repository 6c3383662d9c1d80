package dev.warden.core.fleet;

import java.time.Duration;

/**
 * How long a fleet thread waits before it tries Redis again: {@value #FIRST_MILLIS} ms after the first failure,
 * doubling up to {@value #MAX_MILLIS} ms, back to the start after a success. Confined to its thread.
 */
final class Backoff {

    static final long FIRST_MILLIS = 100;
    static final long MAX_MILLIS = 5_000;

    private long next = FIRST_MILLIS;

    /** The wait before the next try, and doubles the one after it. */
    Duration failed() {
        long wait = next;
        next = Math.min(MAX_MILLIS, next * 2);
        return Duration.ofMillis(wait);
    }

    void succeeded() {
        next = FIRST_MILLIS;
    }
}
