package dev.warden.core.engine;

import dev.warden.core.spi.Ban;
import dev.warden.core.spi.IpAddress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bans of one jail: the latest ban of each address until it is lifted, and (through the shared
 * {@link BanHistory}) how often each address was banned. Confined to the jail's thread.
 */
public final class BanBook {

    private final Map<IpAddress, Ban> latest = new LinkedHashMap<>();
    private final BanHistory history;

    /** A book with its own history. */
    public BanBook() {
        this(new BanHistory());
    }

    /** A book counting its bans in {@code history} (shared by the jails of one run). */
    public BanBook(BanHistory history) {
        this.history = history;
    }

    public BanHistory history() {
        return history;
    }

    /** Records a new automatic ban of {@code address} from {@code start} for {@code length}. */
    public Ban ban(String jail, IpAddress address, Instant start, Duration length, int failures) {
        return record(new Ban(jail, address, start, start.plus(length), failures, Ban.Origin.AUTOMATIC));
    }

    /** Records {@code ban} (replacing the address's current one) and counts it in the history. */
    public Ban record(Ban ban) {
        latest.remove(ban.address());
        latest.put(ban.address(), ban);
        history.record(ban);
        return ban;
    }

    /** Puts back a ban read from persisted state, without counting it again. */
    public void restore(Ban ban) {
        latest.remove(ban.address());
        latest.put(ban.address(), ban);
    }

    /** Removes and returns the current ban of {@code address}, or null. */
    public Ban lift(IpAddress address) {
        return latest.remove(address);
    }

    /** The current ban of {@code address} (in force or not yet lifted), or null. */
    public Ban current(IpAddress address) {
        return latest.get(address);
    }

    /** The ban of {@code address} in force at {@code at}, or null. */
    public Ban activeAt(IpAddress address, Instant at) {
        Ban b = latest.get(address);
        return b != null && b.activeAt(at) ? b : null;
    }

    /**
     * As {@link #activeAt(IpAddress, Instant)} at {@code epochMillis}, without making an {@code Instant}: the
     * jail asks this for every failure it counts.
     */
    public Ban activeAt(IpAddress address, long epochMillis) {
        Ban b = latest.get(address);
        return b != null && !before(epochMillis, b.start()) && before(epochMillis, b.end()) ? b : null;
    }

    /** Whether the instant {@code epochMillis} is before {@code t}, to the nanosecond. */
    static boolean before(long epochMillis, Instant t) {
        long seconds = Math.floorDiv(epochMillis, 1000L);
        if (seconds != t.getEpochSecond()) {
            return seconds < t.getEpochSecond();
        }
        return (int) Math.floorMod(epochMillis, 1000L) * 1_000_000 < t.getNano();
    }

    /** The latest ban of every address, in the order they were decided. */
    public Collection<Ban> all() {
        return Collections.unmodifiableCollection(latest.values());
    }

    /** The latest bans in force at {@code now}. */
    public List<Ban> activeAt(Instant now) {
        List<Ban> out = new ArrayList<>();
        for (Ban b : latest.values()) {
            if (b.activeAt(now)) {
                out.add(b);
            }
        }
        return out;
    }

    /**
     * The latest bans that have not ended at {@code now}, whatever their start: what the daemon has in
     * force. Unlike {@link #activeAt(Instant)} this does not ask whether a ban had begun; a wall clock
     * stepped back makes {@code now} earlier than the start of bans already applied, and they stay in
     * force (persisted, listed, re-applied) until their end.
     */
    public List<Ban> notEndedAt(Instant now) {
        List<Ban> out = new ArrayList<>();
        for (Ban b : latest.values()) {
            if (b.end().isAfter(now)) {
                out.add(b);
            }
        }
        return out;
    }

    /** The latest ban of {@code address} if it has not ended at {@code now} (see {@link #notEndedAt}), or null. */
    public Ban notEndedAt(IpAddress address, Instant now) {
        Ban b = latest.get(address);
        return b != null && b.end().isAfter(now) ? b : null;
    }

    /**
     * The latest bans not ended at {@code now} (see {@link #notEndedAt}) whose address or network shares an
     * address with {@code target}: its own ban, bans of networks holding it, and for a network the bans
     * inside it. A scan of the book: for an operator's unban, not for every failure.
     */
    public List<Ban> overlapping(IpAddress target, Instant now) {
        List<Ban> out = new ArrayList<>();
        for (Ban b : latest.values()) {
            if (b.end().isAfter(now) && b.address().overlaps(target)) {
                out.add(b);
            }
        }
        return out;
    }

    /** The latest bans that ended at or before {@code now}. */
    public List<Ban> expiredAt(Instant now) {
        List<Ban> out = new ArrayList<>();
        for (Ban b : latest.values()) {
            if (!b.end().isAfter(now)) {
                out.add(b);
            }
        }
        return out;
    }

    /** Forgets the bans that ended at or before {@code now}; returns how many. */
    public int removeEndedBy(Instant now) {
        int n = 0;
        for (Iterator<Ban> it = latest.values().iterator(); it.hasNext(); ) {
            if (!it.next().end().isAfter(now)) {
                it.remove();
                n++;
            }
        }
        return n;
    }
}
