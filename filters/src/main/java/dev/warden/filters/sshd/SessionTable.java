package dev.warden.filters.sshd;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The sessions of live sshd pids, bounded two ways: a session not seen for {@code idleMillis} of log time
 * is evicted, and so is the least recently seen one when there are {@code capacity}. An evicted session
 * is handed to the eviction callback first, so nothing it was holding is silently lost.
 * Not thread-safe: owned by one filter, used from its jail's thread.
 */
final class SessionTable {

    private final int capacity;
    private final long idleMillis;
    private final LinkedHashMap<Long, Session> sessions = new LinkedHashMap<>(64, 0.75f, true);

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
        while (sessions.size() >= capacity) {
            Iterator<Map.Entry<Long, Session>> it = sessions.entrySet().iterator();
            Session oldest = it.next().getValue();
            it.remove();
            onEvict.accept(oldest);
        }
        Session s = new Session(pid, nowMillis);
        sessions.put(pid, s);
        return s;
    }

    /**
     * The session of {@code pid} when there is one, else null; evicts expired ones first. A session whose
     * pid logged nothing for more than the idle time is evicted here too, whatever the order sessions were
     * seen in (lines of several files, a clock step back): a session never outlives that gap.
     */
    Session find(long pid, long nowMillis, Consumer<Session> onEvict) {
        expire(nowMillis, onEvict);
        Session s = sessions.get(pid);
        if (s == null) {
            return null;
        }
        if (nowMillis - s.lastSeenMillis > idleMillis) {
            sessions.remove(pid);
            onEvict.accept(s);
            return null;
        }
        s.lastSeenMillis = Math.max(s.lastSeenMillis, nowMillis);
        return s;
    }

    /** Forgets {@code pid}'s session (the connection ended). */
    void remove(long pid) {
        sessions.remove(pid);
    }

    /** Number of live sessions. */
    int size() {
        return sessions.size();
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
        return new ArrayList<>(sessions.values());
    }

    /**
     * Puts back a session saved by an earlier instance as the most recently seen, replacing one of the
     * same pid. When the table is full the least recently seen is dropped without the eviction callback:
     * restoring happens before the first line, with nothing to report to. Callers restore in saved order.
     */
    void restore(Session s) {
        sessions.remove(s.pid);
        while (sessions.size() >= capacity) {
            Iterator<Map.Entry<Long, Session>> it = sessions.entrySet().iterator();
            it.next();
            it.remove();
        }
        sessions.put(s.pid, s);
    }

    private void expire(long nowMillis, Consumer<Session> onEvict) {
        Iterator<Map.Entry<Long, Session>> it = sessions.entrySet().iterator();
        while (it.hasNext()) {
            Session s = it.next().getValue();
            if (nowMillis - s.lastSeenMillis <= idleMillis) {
                return;
            }
            it.remove();
            onEvict.accept(s);
        }
    }
}
