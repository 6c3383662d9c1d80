package dev.warden.core.engine;

import dev.warden.core.spi.IpAddress;

import java.util.HashMap;
import java.util.Map;

/**
 * How often each address was banned, per jail: what escalating ban times are computed from. Shared by
 * the jails of one run (so {@code across-jails} can sum them); confined to the thread that runs them.
 * Grows with the number of distinct addresses ever banned, not with the log.
 */
public final class BanHistory {

    private final Map<String, Map<IpAddress, Integer>> counts = new HashMap<>();
    private final Map<IpAddress, Integer> totals = new HashMap<>();

    /** Records one more ban of {@code address} in {@code jail}. */
    public void record(String jail, IpAddress address) {
        counts.computeIfAbsent(jail, j -> new HashMap<>()).merge(address, 1, Integer::sum);
        totals.merge(address, 1, Integer::sum);
    }

    /** How many bans {@code address} had in {@code jail}. */
    public int count(String jail, IpAddress address) {
        return counts.getOrDefault(jail, Map.of()).getOrDefault(address, 0);
    }

    /** How many bans {@code address} had in all jails together. */
    public int total(IpAddress address) {
        return totals.getOrDefault(address, 0);
    }

    /** Adds counts read from persisted state (each at least 1). */
    public void restore(Map<String, Map<IpAddress, Integer>> persisted) {
        persisted.forEach((jail, perAddress) -> perAddress.forEach((address, n) -> {
            counts.computeIfAbsent(jail, j -> new HashMap<>()).merge(address, n, Integer::sum);
            totals.merge(address, n, Integer::sum);
        }));
    }

    /** A copy of the counts, per jail, for persisting. */
    public Map<String, Map<IpAddress, Integer>> snapshot() {
        Map<String, Map<IpAddress, Integer>> out = new HashMap<>();
        counts.forEach((jail, perAddress) -> out.put(jail, new HashMap<>(perAddress)));
        return out;
    }
}
