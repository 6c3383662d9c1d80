package dev.warden.filters.opensmtpd;

/**
 * How a {@link SessionTable} drops and moves entries in bulk: rebuilding its slots without the entries idle
 * since before a cutoff, without the least recently seen eighth when it is full, or into slots twice as
 * large when it grows. The table decides when; this class does it.
 *
 * <p>Each method takes the table's current slots and returns the slots to use from then on, and leaves
 * {@link #kept} and {@link #oldestSeen} describing them. Rebuilds that keep the size go through a second set
 * of slots of the same size, allocated once and swapped with the first, and the selection buffer is
 * allocated once at {@code maxSessions}, so steady operation allocates nothing; growing allocates the new
 * slots and drops the spare (it has the old size).
 *
 * <p><b>Threading:</b> none; owned by one table.
 */
final class SessionEviction {

    private final int maxSessions;
    private SessionSlots spare;
    private long[] selection;
    private int kept;
    private long oldestSeen;

    /** @param maxSessions the most entries the table holds (sizes the selection buffer) */
    SessionEviction(int maxSessions) {
        this.maxSessions = maxSessions;
    }

    /** Entries in the slots the last call returned. */
    int kept() {
        return kept;
    }

    /** The earliest last-seen time among them; {@link Long#MAX_VALUE} when there are none. */
    long oldestSeen() {
        return oldestSeen;
    }

    /** All entries of {@code live}, in new slots of twice the size. */
    SessionSlots grow(SessionSlots live) {
        SessionSlots grown = rehash(live, new SessionSlots((live.mask + 1) * 2), Long.MIN_VALUE, 0);
        spare = null;
        return grown;
    }

    /** The entries of {@code live} last seen at or after {@code cutoff}. */
    SessionSlots dropIdle(SessionSlots live, long cutoff) {
        return rebuild(live, cutoff, 0);
    }

    /** The entries of {@code live} ({@code size} of them) but the least recently seen eighth (at least one). */
    SessionSlots dropLeastRecentlySeen(SessionSlots live, int size) {
        int drop = Math.max(1, size / 8);
        if (selection == null || selection.length < size) {
            selection = new long[maxSessions];
        }
        SessionSlots s = live;
        int n = 0;
        for (int i = 0; i <= s.mask; i++) {
            if (s.keys[i] != 0) {
                selection[n++] = s.seen[i];
            }
        }
        long cutoff = Selection.kthSmallest(selection, n, drop - 1);
        int older = 0;
        for (int k = 0; k < n; k++) {
            if (selection[k] < cutoff) {
                older++;
            }
        }
        return rebuild(live, cutoff, drop - older);
    }

    /** Keeps the entries seen at or after {@code cutoff}, except the first {@code ties} seen exactly then. */
    private SessionSlots rebuild(SessionSlots live, long cutoff, int ties) {
        if (spare == null) {
            spare = new SessionSlots(live.mask + 1);
        } else {
            spare.clear();
        }
        SessionSlots rebuilt = rehash(live, spare, cutoff, ties);
        spare = live;
        return rebuilt;
    }

    private SessionSlots rehash(SessionSlots from, SessionSlots to, long cutoff, int ties) {
        int n = 0;
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i <= from.mask; i++) {
            int key = from.keys[i];
            if (key == 0) {
                continue;
            }
            long seen = from.seen[i];
            if (seen < cutoff || seen == cutoff && ties-- > 0) {
                continue;
            }
            int j = ~to.find(from.ids[i], key);
            to.ids[j] = from.ids[i];
            to.keys[j] = key;
            to.highs[j] = from.highs[i];
            to.lows[j] = from.lows[i];
            to.addresses[j] = from.addresses[i];
            to.seen[j] = seen;
            to.flags[j] = from.flags[i];
            n++;
            oldest = Math.min(oldest, seen);
        }
        kept = n;
        oldestSeen = oldest;
        return to;
    }
}
