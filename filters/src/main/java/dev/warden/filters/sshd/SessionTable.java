package dev.warden.filters.sshd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The sessions of live sshd pids, bounded two ways: a session not seen for {@code idleMillis} of log time
 * is evicted, and so is the least recently seen one when there are {@code capacity}. An evicted session
 * is handed to the eviction callback first, so nothing it was holding is silently lost.
 * Not thread-safe: owned by one filter, used from its jail's thread.
 *
 * <p>Every sshd line looks its pid up here, so the table is an open-addressing array keyed by the
 * primitive pid (linear probing, backward-shift deletion) plus a list through the sessions themselves,
 * least recently seen first: no boxed key, entry or iterator per line, which a C1-only JVM would
 * allocate (docs/performance.md). It behaves as a {@code LinkedHashMap} in access order would
 * (SessionTableTest compares the two on random operations).
 */
final class SessionTable {

    private final int capacity;
    private final long idleMillis;
    /** Sessions by pid; null is an empty slot. Length a power of two, at least twice {@link #size}. */
    private Session[] slots = new Session[64];
    private int size;
    /** The least and the most recently seen session; null when empty. */
    private Session eldest;
    private Session newest;

    SessionTable(int capacity, long idleMillis) {
        if (capacity < 1 || idleMillis < 1) {
            throw new IllegalArgumentException("capacity and idle time must be positive");
        }
        this.capacity = capacity;
        this.idleMillis = idleMillis;
    }

    /**
     * A new session for {@code pid}, which has none ({@link #find} just returned null), seen at
     * {@code nowMillis}; when the table is full the least recently seen session is evicted first.
     */
    Session create(long pid, long nowMillis, Consumer<Session> onEvict) {
        while (size >= capacity) {
            Session oldest = eldest;
            delete(oldest);
            onEvict.accept(oldest);
        }
        Session s = new Session(pid, nowMillis);
        insert(s);
        return s;
    }

    /**
     * The session of {@code pid} when there is one, else null; evicts expired ones first. A session whose
     * pid logged nothing for more than the idle time is evicted here too, whatever the order sessions were
     * seen in (lines of several files, a clock step back): a session never outlives that gap.
     */
    Session find(long pid, long nowMillis, Consumer<Session> onEvict) {
        expire(nowMillis, onEvict);
        int i = slot(pid);
        Session s = slots[i];
        if (s == null) {
            return null;
        }
        if (nowMillis - s.lastSeenMillis > idleMillis) {
            delete(s);
            onEvict.accept(s);
            return null;
        }
        moveToNewest(s);
        s.lastSeenMillis = Math.max(s.lastSeenMillis, nowMillis);
        return s;
    }

    /** Forgets {@code pid}'s session (the connection ended). */
    void remove(long pid) {
        Session s = slots[slot(pid)];
        if (s != null) {
            delete(s);
        }
    }

    /** Number of live sessions. */
    int size() {
        return size;
    }

    /** The most sessions held. */
    int capacity() {
        return capacity;
    }

    /**
     * The live sessions, least recently seen first (the order eviction follows), as a new list of the
     * table's own objects; for saving the state. Counts as no access: the order is unchanged.
     */
    List<Session> sessions() {
        List<Session> out = new ArrayList<>(size);
        for (Session s = eldest; s != null; s = s.newer) {
            out.add(s);
        }
        return out;
    }

    /**
     * Puts back a session saved by an earlier instance as the most recently seen, replacing one of the
     * same pid. When the table is full the least recently seen is dropped without the eviction callback:
     * restoring happens before the first line, with nothing to report to. Callers restore in saved order.
     */
    void restore(Session s) {
        remove(s.pid);
        while (size >= capacity) {
            delete(eldest);
        }
        insert(s);
    }

    private void expire(long nowMillis, Consumer<Session> onEvict) {
        while (eldest != null && nowMillis - eldest.lastSeenMillis > idleMillis) {
            Session s = eldest;
            delete(s);
            onEvict.accept(s);
        }
    }

    /** The slot holding {@code pid}'s session, or the empty slot where it belongs. */
    private int slot(long pid) {
        Session[] t = slots;
        int mask = t.length - 1;
        int i = home(pid) & mask;
        while (t[i] != null && t[i].pid != pid) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static int home(long pid) {
        long h = pid * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** Adds {@code s}, whose pid has no session, as the most recently seen. */
    private void insert(Session s) {
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        slots[slot(s.pid)] = s;
        size++;
        s.older = newest;
        s.newer = null;
        if (newest == null) {
            eldest = s;
        } else {
            newest.newer = s;
        }
        newest = s;
    }

    /** Takes {@code s}, which is in the table, out of both the slots and the order. */
    private void delete(Session s) {
        unlink(s);
        Session[] t = slots;
        int mask = t.length - 1;
        int hole = slot(s.pid);
        int i = hole;
        while (true) { // backward-shift deletion: no later entry of the probe run becomes unreachable
            i = (i + 1) & mask;
            Session next = t[i];
            if (next == null) {
                break;
            }
            int home = home(next.pid) & mask;
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                t[hole] = next;
                hole = i;
            }
        }
        t[hole] = null;
        size--;
    }

    private void moveToNewest(Session s) {
        if (s != newest) {
            unlink(s);
            s.older = newest;
            s.newer = null;
            newest.newer = s;
            newest = s;
        }
    }

    private void unlink(Session s) {
        if (s.older == null) {
            eldest = s.newer;
        } else {
            s.older.newer = s.newer;
        }
        if (s.newer == null) {
            newest = s.older;
        } else {
            s.newer.older = s.older;
        }
        s.older = null;
        s.newer = null;
    }

    private void grow() {
        Session[] old = slots;
        slots = new Session[old.length * 2];
        for (Session s : old) {
            if (s != null) {
                slots[slot(s.pid)] = s;
            }
        }
    }
}
