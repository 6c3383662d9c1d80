package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.IpAddress;

/**
 * The open OpenSMTPD sessions of one filter: (session id, host id) → client address and the log time
 * the session was last seen. A primitive open-addressing map (linear probing, backward-shift deletion,
 * load at most one half) that never holds more than {@code maxSessions} entries.
 *
 * <p><b>Bounds.</b> An entry idle for more than {@code idleMillis} of log time is gone: {@link #touch}
 * no longer returns it, and {@link #advance} sweeps such entries out at most once per
 * {@link #SWEEP_INTERVAL_MILLIS} of log time (and only when one can have expired). When a new session
 * arrives at a full table, the least recently seen eighth is evicted in one O(n) pass, so inserting
 * costs amortized O(1) however many sessions are never closed. Evictions go through a second set of
 * arrays of the same size, allocated once, so steady operation allocates nothing.
 *
 * <p><b>Threading:</b> none. The table belongs to one filter and is only used from its jail's thread.
 */
final class SessionTable {

    /** How much log time passes between idle sweeps, at least. */
    static final long SWEEP_INTERVAL_MILLIS = 60_000;

    /** The most sessions a table may be asked to hold; keeps the arrays within reason. */
    static final int MAX_SESSIONS_LIMIT = 1 << 24;

    private static final int MIN_CAPACITY = 64;

    private final int maxSessions;
    private final long idleMillis;
    private final int maxCapacity;

    private Slots live;
    private Slots spare;
    private long[] selection;
    private int size;
    /** No entry was last seen before this (a lower bound, so a sweep can tell it has nothing to do). */
    private long oldestSeen = Long.MAX_VALUE;
    private long nextSweep = Long.MIN_VALUE;

    /**
     * @param maxSessions the most entries held, 1 to {@link #MAX_SESSIONS_LIMIT}
     * @param idleMillis log time after which an untouched entry is forgotten; positive
     */
    SessionTable(int maxSessions, long idleMillis) {
        if (maxSessions < 1 || maxSessions > MAX_SESSIONS_LIMIT) {
            throw new IllegalArgumentException("maxSessions out of range: " + maxSessions);
        }
        if (idleMillis <= 0) {
            throw new IllegalArgumentException("idleMillis must be positive: " + idleMillis);
        }
        this.maxSessions = maxSessions;
        this.idleMillis = idleMillis;
        this.maxCapacity = Math.max(MIN_CAPACITY, Integer.highestOneBit(maxSessions * 2 - 1) << 1);
        this.live = new Slots(Math.min(MIN_CAPACITY, maxCapacity));
    }

    /** Number of sessions held. */
    int size() {
        return size;
    }

    /** Number of slots in the current arrays (for tests of the memory bound). */
    int capacity() {
        return live.mask + 1;
    }

    /** Binds a session to {@code address} at log time {@code now}, replacing any earlier binding. */
    void bind(long id, int host, IpAddress address, long now) {
        int key = host + 1;
        int i = live.find(id, key);
        if (i < 0) {
            if (size >= maxSessions) {
                evictLeastRecentlySeen();
            } else if ((size + 1) * 2 > live.mask + 1 && live.mask + 1 < maxCapacity) {
                live = rehash(live, new Slots((live.mask + 1) * 2), Long.MIN_VALUE, 0);
                spare = null;
            }
            i = ~live.find(id, key);
            live.ids[i] = id;
            live.keys[i] = key;
            size++;
        }
        live.addresses[i] = address;
        live.seen[i] = now;
        noteSeen(now);
    }

    /**
     * The address of an open session, marking it seen at {@code now}; null when the session is unknown
     * or was idle too long (then it is forgotten).
     */
    IpAddress touch(long id, int host, long now) {
        Slots s = live;
        int i = s.find(id, host + 1);
        if (i < 0) {
            return null;
        }
        if (s.seen[i] < now - idleMillis) {
            s.removeAt(i);
            size--;
            return null;
        }
        s.seen[i] = now;
        noteSeen(now);
        return s.addresses[i];
    }

    /** Forgets a session; nothing happens when it is unknown. */
    void remove(long id, int host) {
        int i = live.find(id, host + 1);
        if (i >= 0) {
            live.removeAt(i);
            size--;
        }
    }

    /** Sweeps out idle sessions when a sweep is due at log time {@code now}. Cheap when none is. */
    void advance(long now) {
        if (now < nextSweep && now >= nextSweep - SWEEP_INTERVAL_MILLIS) {
            return;
        }
        nextSweep = now + SWEEP_INTERVAL_MILLIS; // also restarts the schedule when log time went back
        long cutoff = now - idleMillis;
        if (oldestSeen < cutoff) {
            rebuild(cutoff, 0);
        }
    }

    private void noteSeen(long now) {
        if (now < oldestSeen) {
            oldestSeen = now;
        }
    }

    /** Drops the least recently seen eighth (at least one entry). */
    private void evictLeastRecentlySeen() {
        int drop = Math.max(1, size / 8);
        if (selection == null || selection.length < size) {
            selection = new long[maxSessions];
        }
        Slots s = live;
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
        rebuild(cutoff, drop - older);
    }

    /** Keeps the entries seen at or after {@code cutoff}, except the first {@code ties} seen exactly then. */
    private void rebuild(long cutoff, int ties) {
        if (spare == null) {
            spare = new Slots(live.mask + 1);
        } else {
            spare.clear();
        }
        Slots old = live;
        live = rehash(old, spare, cutoff, ties);
        spare = old;
    }

    private Slots rehash(Slots from, Slots to, long cutoff, int ties) {
        int kept = 0;
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
            to.addresses[j] = from.addresses[i];
            to.seen[j] = seen;
            kept++;
            oldest = Math.min(oldest, seen);
        }
        size = kept;
        oldestSeen = oldest;
        return to;
    }

    /** The four parallel arrays of one table; a slot is empty when its key is 0. */
    private static final class Slots {
        final long[] ids;
        /** Host id + 1, so that 0 marks an empty slot. */
        final int[] keys;
        final IpAddress[] addresses;
        final long[] seen;
        final int mask;

        Slots(int capacity) {
            ids = new long[capacity];
            keys = new int[capacity];
            addresses = new IpAddress[capacity];
            seen = new long[capacity];
            mask = capacity - 1;
        }

        void clear() {
            java.util.Arrays.fill(keys, 0);
            java.util.Arrays.fill(addresses, null);
        }

        static int home(long id, int key) {
            long h = (id ^ (key * 0x9E3779B97F4A7C15L)) * 0xBF58476D1CE4E5B9L;
            return (int) (h ^ (h >>> 32));
        }

        /** The slot holding the key, or {@code ~slot} of the empty slot where it belongs. */
        int find(long id, int key) {
            int i = home(id, key) & mask;
            while (true) {
                int k = keys[i];
                if (k == 0) {
                    return ~i;
                }
                if (k == key && ids[i] == id) {
                    return i;
                }
                i = (i + 1) & mask;
            }
        }

        /** Empties a slot, shifting later entries of its probe run back so that none becomes unreachable. */
        void removeAt(int hole) {
            int i = hole;
            while (true) {
                i = (i + 1) & mask;
                int key = keys[i];
                if (key == 0) {
                    break;
                }
                int home = home(ids[i], key) & mask;
                if (((i - home) & mask) >= ((i - hole) & mask)) {
                    ids[hole] = ids[i];
                    keys[hole] = key;
                    addresses[hole] = addresses[i];
                    seen[hole] = seen[i];
                    hole = i;
                }
            }
            keys[hole] = 0;
            addresses[hole] = null;
        }
    }
}
