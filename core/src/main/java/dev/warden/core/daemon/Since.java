package dev.warden.core.daemon;

import java.time.Duration;
import java.time.Instant;

/**
 * When something last happened, on a wall clock that may be stepped: {@link #passed} is true once the
 * given time has gone by since {@link #mark}, before the first mark, and whenever the clock reads earlier
 * than the mark. A clock stepped back an hour (a bad NTP server, an operator's {@code date}) so makes a
 * periodic save or a throttled message due at once instead of an hour late. Confined to one thread.
 */
final class Since {

    private Instant last;

    /** Whether {@code period} has passed since the last mark at {@code now} (see the class comment). */
    boolean passed(Duration period, Instant now) {
        return last == null || now.isBefore(last) || Duration.between(last, now).compareTo(period) >= 0;
    }

    /** Notes that it happened at {@code now}. */
    void mark(Instant now) {
        last = now;
    }
}
