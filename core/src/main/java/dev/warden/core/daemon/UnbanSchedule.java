package dev.warden.core.daemon;

import dev.warden.core.spi.Ban;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * When bans end: a queue of bans ordered by end time. Entries are never removed early; whoever takes
 * them checks that the ban is still the current one (a ban lifted by hand or replaced stays queued until
 * its end and is then ignored). Confined to the daemon's thread.
 */
final class UnbanSchedule {

    private final PriorityQueue<Ban> queue = new PriorityQueue<>((a, b) -> a.end().compareTo(b.end()));

    void add(Ban ban) {
        queue.add(ban);
    }

    /** Removes and returns the bans ending at or before {@code now}, earliest first. */
    List<Ban> due(Instant now) {
        List<Ban> out = new ArrayList<>();
        while (!queue.isEmpty() && !queue.peek().end().isAfter(now)) {
            out.add(queue.poll());
        }
        return out;
    }

    /** The earliest end queued, or null. */
    Instant next() {
        Ban b = queue.peek();
        return b == null ? null : b.end();
    }

    void clear() {
        queue.clear();
    }
}
