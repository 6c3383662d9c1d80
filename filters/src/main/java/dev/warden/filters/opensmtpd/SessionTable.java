package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.IpAddress;

import java.util.ArrayList;
import java.util.List;

/**
 * The open OpenSMTPD sessions of one filter: (session id, host id) → client address, the log time the
 * session was last seen, and a few flags ({@link #ACTIVE}). A primitive open-addressing map (linear
 * probing, backward-shift deletion, load at most one half) that never holds more than
 * {@code maxSessions} entries.
 *
 * <p><b>Bounds.</b> An entry idle for more than {@code idleMillis} of log time is gone: {@link #touch}
 * no longer returns it, and {@link #advance} sweeps such entries out at most once per
 * {@link #SWEEP_INTERVAL_MILLIS} of log time (and only when one can have expired). When a new session
 * arrives at a full table, the least recently seen eighth is evicted in one O(n) pass, so inserting
 * costs amortized O(1) however many sessions are never closed. This class decides when; the slots
 * ({@link SessionSlots}) are rebuilt by {@link SessionEviction}, which allocates nothing in steady operation.
 *
 * <p>Besides {@link #bind}, {@link #touch} and {@link #remove}, a caller can work on one entry through its
 * slot: {@link #lookup} finds it, then {@link #addressAt}, {@link #flagsAt}, {@link #markAt} and
 * {@link #removeAt} use the slot, which stays valid until the next call that adds or removes an entry.
 *
 * <p><b>Threading:</b> none. The table belongs to one filter and is only used from its jail's thread.
 */
final class SessionTable {

    /** Flag: the session logged something besides its connect line (a command, TLS, a message). */
    static final int ACTIVE = 1;

    /** One entry, for saving and restoring the table. */
    record Entry(long id, int host, IpAddress address, long seen, int flags) {
    }

    /** How much log time passes between idle sweeps, at least. */
    static final long SWEEP_INTERVAL_MILLIS = 60_000;

    /** The most sessions a table may be asked to hold; keeps the arrays within reason. */
    static final int MAX_SESSIONS_LIMIT = 1 << 24;

    private static final int MIN_CAPACITY = 64;

    /** The low 64 bits of {@code ::ffff:0.0.0.0}: an IPv4 address's bits in the slots. */
    private static final long IPV4_MAPPED = 0xFFFF_0000_0000L;

    private final int maxSessions;
    private final long idleMillis;
    private final int maxCapacity;

    private final SessionEviction eviction;

    private SessionSlots live;
    private int size;
    /** No entry was last seen before this (a lower bound, so a sweep can tell it has nothing to do). */
    private long oldestSeen = Long.MAX_VALUE;
    private long nextSweep = Long.MIN_VALUE;
    /** The latest log time given to {@link #advance}. */
    private long latest = Long.MIN_VALUE;

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
        this.live = new SessionSlots(Math.min(MIN_CAPACITY, maxCapacity));
        this.eviction = new SessionEviction(maxSessions);
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
        bind(id, host, address.high(), address.isIpv4() ? IPV4_MAPPED | address.low() : address.low(), now);
        live.addresses[live.find(id, host + 1)] = address;
    }

    /**
     * Binds a session to the address of these bits ({@link IpAddress#parseBits}'s form, IPv4 as
     * IPv4-mapped IPv6) at log time {@code now}, replacing any earlier binding. Allocates no address.
     */
    void bind(long id, int host, long high, long low, long now) {
        int key = host + 1;
        int i = live.find(id, key);
        if (i < 0) {
            if (size >= maxSessions) {
                adopt(eviction.dropLeastRecentlySeen(live, size));
            } else if ((size + 1) * 2 > live.mask + 1 && live.mask + 1 < maxCapacity) {
                adopt(eviction.grow(live));
            }
            i = ~live.find(id, key);
            live.ids[i] = id;
            live.keys[i] = key;
            size++;
        }
        live.highs[i] = high;
        live.lows[i] = low;
        live.addresses[i] = null;
        live.seen[i] = now;
        live.flags[i] = 0;
        noteSeen(now);
    }

    /**
     * The address of an open session, marking it seen at {@code now}; null when the session is unknown
     * or was idle too long (then it is forgotten).
     */
    IpAddress touch(long id, int host, long now) {
        return touch(id, host, now, 0);
    }

    /** As {@link #touch(long, int, long)}, also setting {@code flags} on the session when it is open. */
    IpAddress touch(long id, int host, long now, int flags) {
        int i = touchSlot(id, host, now, flags);
        return i < 0 ? null : addressAt(i);
    }

    /**
     * As {@link #touch(long, int, long, int)}, but the session's slot (as {@link #lookup} gives it) or -1,
     * so that the caller builds the address only when it needs it.
     */
    int touchSlot(long id, int host, long now, int flags) {
        int i = lookup(id, host, now);
        if (i < 0) {
            return -1;
        }
        SessionSlots s = live;
        s.seen[i] = now;
        s.flags[i] |= (byte) flags;
        noteSeen(now);
        return i;
    }

    /**
     * The slot of an open session, or -1 when it is unknown or was idle too long (then it is forgotten).
     * Does not mark the session seen.
     */
    int lookup(long id, int host, long now) {
        SessionSlots s = live;
        int i = s.find(id, host + 1);
        if (i < 0) {
            return -1;
        }
        if (s.seen[i] < now - idleMillis) {
            s.removeAt(i);
            size--;
            return -1;
        }
        return i;
    }

    /**
     * The address of the session in a slot {@link #lookup} returned, built from its bits on the first call
     * for this binding and kept, so a session allocates at most one address however many failures it has.
     */
    IpAddress addressAt(int slot) {
        SessionSlots s = live;
        IpAddress a = s.addresses[slot];
        if (a == null) {
            a = IpAddress.ofIpv6(s.highs[slot], s.lows[slot]);
            s.addresses[slot] = a;
        }
        return a;
    }

    /** The flags of the session in a slot {@link #lookup} returned. */
    int flagsAt(int slot) {
        return live.flags[slot];
    }

    /** Sets flags on the session in a slot {@link #lookup} returned. */
    void markAt(int slot, int flags) {
        live.flags[slot] |= (byte) flags;
    }

    /** Forgets the session in a slot {@link #lookup} returned. */
    void removeAt(int slot) {
        live.removeAt(slot);
        size--;
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
        if (now > latest) {
            latest = now;
        }
        if (now < nextSweep && now >= nextSweep - SWEEP_INTERVAL_MILLIS) {
            return;
        }
        nextSweep = now + SWEEP_INTERVAL_MILLIS; // also restarts the schedule when log time went back
        long cutoff = now - idleMillis;
        if (oldestSeen < cutoff) {
            adopt(eviction.dropIdle(live, cutoff));
        }
    }

    /**
     * The sessions held that were not idle too long at the latest log time {@link #advance} saw, in no
     * particular order. Allocates; not for the per-line path.
     */
    List<Entry> entries() {
        List<Entry> out = new ArrayList<>(size);
        SessionSlots s = live;
        for (int i = 0; i <= s.mask; i++) {
            if (s.keys[i] != 0 && (latest == Long.MIN_VALUE || s.seen[i] >= latest - idleMillis)) {
                out.add(new Entry(s.ids[i], s.keys[i] - 1, addressAt(i), s.seen[i], s.flags[i]));
            }
        }
        return out;
    }

    /** Puts an entry back as it was (binding it, last seen at its own time, with its flags). */
    void restore(Entry e) {
        bind(e.id(), e.host(), e.address(), e.seen());
        int i = live.find(e.id(), e.host() + 1);
        live.flags[i] = (byte) e.flags();
    }

    private void noteSeen(long now) {
        if (now < oldestSeen) {
            oldestSeen = now;
        }
    }

    /** Uses the slots {@link #eviction} just returned. */
    private void adopt(SessionSlots rebuilt) {
        live = rebuilt;
        size = eviction.kept();
        oldestSeen = eviction.oldestSeen();
    }
}
