package dev.warden.core.fleet;

import dev.warden.core.spi.IpAddress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * The other nodes' bans this node holds, and what applying a {@link FleetFollower.Delivery} changes in the
 * firewall: the owner of the remote bans, meant to live on the daemon's loop thread (not thread-safe).
 *
 * <p>A ban is held per {@link FleetEntry#key()} (node, jail, address) with its original end; an address is in the
 * firewall (through {@code fleet.actions}, one table) while any of its remote bans is held, so an address is
 * applied when its first ban comes and lifted when its last one goes (by its end or a remote unban). A ban that
 * already ended, of an ignored address (the node's own ignore lists, {@code ignore-self} included), or beyond
 * {@code max} bans held, is not applied, and counted. A catch-up adds bans and lifts none (see
 * {@link FleetFollower}).
 */
public final class RemoteBans {

    /** How many remote bans a node holds at most, by default. */
    public static final int DEFAULT_MAX = 100_000;

    private final Predicate<IpAddress> ignored;
    private final int max;
    private final Map<String, FleetEntry> held = new HashMap<>();
    private final Map<IpAddress, Integer> perAddress = new HashMap<>();
    private final PriorityQueue<FleetEntry> ends = new PriorityQueue<>(Comparator.comparing(FleetEntry::end));
    private long ignoredCount;
    private long overCap;

    /** @param ignored whether an address is on this node's ignore lists */
    public RemoteBans(Predicate<IpAddress> ignored, int max) {
        this.ignored = ignored;
        this.max = max;
    }

    /** What the firewall must do: the addresses to add and to delete, each entry the ban that caused it. */
    public record Change(List<FleetEntry> apply, List<FleetEntry> lift) {
    }

    /** Takes the entries of {@code d} in order. */
    public Change accept(FleetFollower.Delivery d, Instant now) {
        List<FleetEntry> apply = new ArrayList<>();
        List<FleetEntry> lift = new ArrayList<>();
        for (FleetEntry e : d.entries()) {
            if (e.op() == FleetEntry.Op.UNBAN) {
                FleetEntry was = held.remove(e.key());
                if (was != null && release(was.address())) {
                    lift.add(was);
                }
            } else if (e.end().isAfter(now)) {
                ban(e, apply);
            }
        }
        return new Change(apply, lift);
    }

    /**
     * Takes back the bans held before a restart ({@link #held()} as saved), at {@code now}: those in force are held
     * again and their addresses added again (once each: after a reboot the firewall is empty); those that ended
     * meanwhile, or are now ignored or beyond the cap, are lifted unless their address is held otherwise.
     */
    public Change restore(List<FleetEntry> saved, Instant now) {
        List<FleetEntry> apply = new ArrayList<>();
        List<FleetEntry> rejected = new ArrayList<>();
        for (FleetEntry e : saved) {
            if (!e.end().isAfter(now) || !ban(e, apply)) {
                rejected.add(e);
            }
        }
        Map<IpAddress, FleetEntry> lift = new java.util.LinkedHashMap<>();
        for (FleetEntry e : rejected) {
            if (!perAddress.containsKey(e.address())) {
                lift.putIfAbsent(e.address(), e);
            }
        }
        return new Change(apply, List.copyOf(lift.values()));
    }

    /** Holds {@code e} unless ignored or beyond the cap (counted); whether it is held. */
    private boolean ban(FleetEntry e, List<FleetEntry> apply) {
        if (ignored.test(e.address())) {
            ignoredCount++;
            return false;
        }
        FleetEntry was = held.get(e.key());
        if (was == null && held.size() >= max) {
            overCap++;
            return false;
        }
        held.put(e.key(), e);
        ends.add(e);
        if (was == null && perAddress.merge(e.address(), 1, Integer::sum) == 1) {
            apply.add(e);
        }
        return true;
    }

    /** Whether {@code address} is held (by one remote ban or more): it is in the fleet's table. */
    public boolean holds(IpAddress address) {
        return perAddress.containsKey(address);
    }

    /** How many remote bans are held. */
    public int size() {
        return held.size();
    }

    /** One ban of {@code address} less; whether it was the last. */
    private boolean release(IpAddress address) {
        int left = perAddress.merge(address, -1, Integer::sum);
        if (left <= 0) {
            perAddress.remove(address);
            return true;
        }
        return false;
    }

    /** The bans whose end {@code now} reached, removed; those whose address must leave the firewall. */
    public List<FleetEntry> liftEnded(Instant now) {
        List<FleetEntry> lift = new ArrayList<>();
        while (!ends.isEmpty() && !ends.peek().end().isAfter(now)) {
            FleetEntry e = ends.poll();
            if (e.equals(held.get(e.key()))) { // else replaced or unbanned meanwhile
                held.remove(e.key());
                if (release(e.address())) {
                    lift.add(e);
                }
            }
        }
        return lift;
    }

    /** When the next held ban ends, or null: the loop wakes then. */
    public Instant nextEnd() {
        while (!ends.isEmpty() && !ends.peek().equals(held.get(ends.peek().key()))) {
            ends.poll();
        }
        return ends.isEmpty() ? null : ends.peek().end();
    }

    /** The bans held, in no order (for {@code warden bans} and the state). */
    public List<FleetEntry> held() {
        return List.copyOf(held.values());
    }

    /** Remote bans not applied because the address is on an ignore list. */
    public long ignored() {
        return ignoredCount;
    }

    /** Remote bans not applied because {@code max} were held. */
    public long overCap() {
        return overCap;
    }
}
