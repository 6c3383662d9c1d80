package dev.warden.core.log;

import java.time.Duration;

/**
 * How long a source waits before it starts its program again: {@value #FIRST_SECONDS} s after a run that ended
 * early, doubling with each such run up to {@value #MAX_SECONDS} s; a run that lasted at least
 * {@value #MAX_SECONDS} s starts the count again. So a program that cannot work is tried once a minute, not
 * in a tight loop, and one that exits now and then (a rotation) is back within a second. One thread.
 */
final class RestartBackoff {

    static final long FIRST_SECONDS = 1;
    static final long MAX_SECONDS = 60;

    private long next = FIRST_SECONDS;

    /** The pause after a run that lasted {@code ran}. */
    Duration after(Duration ran) {
        if (ran.toSeconds() >= MAX_SECONDS) {
            next = FIRST_SECONDS;
        }
        long wait = next;
        next = Math.min(MAX_SECONDS, next * 2);
        return Duration.ofSeconds(wait);
    }
}
