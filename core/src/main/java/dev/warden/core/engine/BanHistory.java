package dev.warden.core.engine;

import dev.warden.core.config.BanTimeIncrement;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.state.BanCount;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * How often each address was banned, per jail, and when its latest ban there ended: what escalating ban
 * times are computed from. Shared by the jails of one run (so {@code across-jails} can sum them);
 * confined to the thread that runs them.
 *
 * <p>Forgetting: an entry whose latest ban ended more than its jail's forget-after before {@code now}
 * counts as no bans and is removed, lazily when it is read ({@link #count}, {@link #total},
 * {@link #record}) and for every jail by {@link #prune}, which the daemon calls when it snapshots its
 * state. A ban still in force is never forgotten (its end is after {@code now}). The across-jails total
 * is the sum of the unforgotten per-jail counts, so it drops with each jail's entry. Memory is bounded by
 * the addresses banned within the longest forget-after, not by every address ever banned.
 */
public final class BanHistory {

    private final Map<String, Map<IpAddress, BanCount>> counts = new HashMap<>();
    private final Map<String, Duration> forgetAfter = new HashMap<>();

    /**
     * Sets how long after its latest ban ended an address is remembered in {@code jail} (each jail sets
     * its own when it starts; a jail that never did, such as one in the state but no longer configured,
     * uses {@link BanTimeIncrement#DEFAULT_FORGET_AFTER}).
     *
     * @throws IllegalArgumentException if {@code after} is not positive
     */
    public void forgetAfter(String jail, Duration after) {
        if (after.isNegative() || after.isZero()) {
            throw new IllegalArgumentException("forget-after must be positive: " + after);
        }
        forgetAfter.put(Objects.requireNonNull(jail, "jail"), after);
    }

    /**
     * Records {@code ban}: one more ban of its address in its jail, ending at its end (or later, if an
     * earlier ban there ends later). An entry already forgotten at the ban's start starts again at 1.
     */
    public void record(Ban ban) {
        Map<IpAddress, BanCount> perAddress = counts.computeIfAbsent(ban.jail(), j -> new HashMap<>());
        BanCount old = perAddress.get(ban.address());
        if (old == null || forgotten(ban.jail(), old, ban.start())) {
            perAddress.put(ban.address(), new BanCount(1, ban.end()));
        } else {
            Instant end = old.lastEnd().isAfter(ban.end()) ? old.lastEnd() : ban.end();
            perAddress.put(ban.address(), new BanCount(old.count() + 1, end));
        }
    }

    /** How many bans {@code address} had in {@code jail} that are not forgotten at {@code now}. */
    public int count(String jail, IpAddress address, Instant now) {
        Map<IpAddress, BanCount> perAddress = counts.get(jail);
        if (perAddress == null) {
            return 0;
        }
        BanCount c = perAddress.get(address);
        if (c == null) {
            return 0;
        }
        if (forgotten(jail, c, now)) {
            perAddress.remove(address);
            if (perAddress.isEmpty()) {
                counts.remove(jail);
            }
            return 0;
        }
        return c.count();
    }

    /** How many bans {@code address} had in all jails together that are not forgotten at {@code now}. */
    public int total(IpAddress address, Instant now) {
        int n = 0;
        for (String jail : counts.keySet().toArray(new String[0])) {
            n += count(jail, address, now);
        }
        return n;
    }

    /** Removes every entry forgotten at {@code now}; returns how many. */
    public int prune(Instant now) {
        int removed = 0;
        for (Iterator<Map.Entry<String, Map<IpAddress, BanCount>>> jails = counts.entrySet().iterator();
             jails.hasNext(); ) {
            Map.Entry<String, Map<IpAddress, BanCount>> jail = jails.next();
            Instant cutoff = now.minus(forgetAfterOf(jail.getKey()));
            for (Iterator<BanCount> it = jail.getValue().values().iterator(); it.hasNext(); ) {
                if (it.next().lastEnd().isBefore(cutoff)) {
                    it.remove();
                    removed++;
                }
            }
            if (jail.getValue().isEmpty()) {
                jails.remove();
            }
        }
        return removed;
    }

    /**
     * Adds counts read from persisted state. An entry without an end (written before ends were kept)
     * gets {@code now}: it is remembered for a whole forget-after from the load, never forgotten early.
     * Counts of an address already present are added, and the later end kept.
     */
    public void restore(Map<String, Map<IpAddress, BanCount>> persisted, Instant now) {
        persisted.forEach((jail, perAddress) -> perAddress.forEach((address, c) -> {
            Instant end = c.lastEnd() == null ? now : c.lastEnd();
            counts.computeIfAbsent(jail, j -> new HashMap<>()).merge(address, new BanCount(c.count(), end),
                    (a, b) -> new BanCount(a.count() + b.count(),
                            a.lastEnd().isAfter(b.lastEnd()) ? a.lastEnd() : b.lastEnd()));
        }));
    }

    /** A copy of the entries, per jail, for persisting (forgotten ones included until {@link #prune}). */
    public Map<String, Map<IpAddress, BanCount>> snapshot() {
        Map<String, Map<IpAddress, BanCount>> out = new HashMap<>();
        counts.forEach((jail, perAddress) -> out.put(jail, new HashMap<>(perAddress)));
        return out;
    }

    private boolean forgotten(String jail, BanCount c, Instant now) {
        return c.lastEnd().plus(forgetAfterOf(jail)).isBefore(now);
    }

    private Duration forgetAfterOf(String jail) {
        return forgetAfter.getOrDefault(jail, BanTimeIncrement.DEFAULT_FORGET_AFTER);
    }
}
