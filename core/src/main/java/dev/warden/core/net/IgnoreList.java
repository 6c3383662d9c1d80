package dev.warden.core.net;

import dev.warden.core.spi.IpAddress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An immutable set of address ranges a jail never bans.
 *
 * <p>{@link #contains} is called once per failure, so it does not scan: ranges are grouped by address
 * family and prefix length into sorted arrays, and a lookup is one binary search per distinct prefix
 * length present (a 10,000-line ignore file of single addresses costs one search of about 14 steps).
 * Lookups allocate nothing. Safe to share between threads.
 */
public final class IgnoreList {

    /** The list that ignores nothing. */
    public static final IgnoreList EMPTY = new IgnoreList(List.of());

    private final List<Cidr> entries;
    private final PrefixTable[] ipv4;
    private final PrefixTable[] ipv6;

    private IgnoreList(List<Cidr> entries) {
        this.entries = entries;
        this.ipv4 = tables(entries, true);
        this.ipv6 = tables(entries, false);
    }

    /** A list of these ranges; duplicates are kept once, in first-seen order. */
    public static IgnoreList of(Collection<Cidr> ranges) {
        if (ranges.isEmpty()) {
            return EMPTY;
        }
        return new IgnoreList(List.copyOf(new LinkedHashSet<>(ranges)));
    }

    /** Whether {@code address} lies in any range of this list. */
    public boolean contains(IpAddress address) {
        for (PrefixTable table : address.isIpv4() ? ipv4 : ipv6) {
            if (table.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether some address of {@code target} is in this list: for an address, {@link #contains}; for a
     * network, whether it lies in a range or holds (part of) one. A jail counts and bans a network only
     * when this is false, so that a ban of a prefix never reaches an address the list protects.
     */
    public boolean overlaps(IpAddress target) {
        if (!target.isNetwork()) {
            return contains(target);
        }
        for (PrefixTable table : target.isIpv4() ? ipv4 : ipv6) {
            if (table.prefix <= target.prefixLength() ? table.contains(target) : table.anyWithin(target)) {
                return true;
            }
        }
        return false;
    }

    /** A list holding the ranges of both lists (this list's first). */
    public IgnoreList union(IgnoreList other) {
        if (other.entries.isEmpty()) {
            return this;
        }
        if (entries.isEmpty()) {
            return other;
        }
        List<Cidr> all = new ArrayList<>(entries.size() + other.entries.size());
        all.addAll(entries);
        all.addAll(other.entries);
        return of(all);
    }

    /** The distinct ranges, in first-seen order. */
    public List<Cidr> entries() {
        return entries;
    }

    /** The number of distinct ranges. */
    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IgnoreList l && Set.copyOf(l.entries).equals(Set.copyOf(entries));
    }

    @Override
    public int hashCode() {
        return Set.copyOf(entries).hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }

    private static PrefixTable[] tables(List<Cidr> entries, boolean ipv4) {
        Map<Integer, List<IpAddress>> byPrefix = new TreeMap<>();
        for (Cidr c : entries) {
            if (c.network().isIpv4() == ipv4) {
                byPrefix.computeIfAbsent(c.prefix(), p -> new ArrayList<>()).add(c.network());
            }
        }
        List<PrefixTable> tables = new ArrayList<>();
        byPrefix.forEach((prefix, networks) -> tables.add(new PrefixTable(prefix, networks)));
        return tables.toArray(new PrefixTable[0]);
    }

    /** The networks of one family and one prefix length, sorted, searched by binary search. */
    private static final class PrefixTable {
        private final int prefix;
        private final long[] highs;
        private final long[] lows;

        PrefixTable(int prefix, List<IpAddress> networks) {
            IpAddress[] sorted = networks.toArray(new IpAddress[0]);
            Arrays.sort(sorted);
            this.prefix = prefix;
            this.highs = new long[sorted.length];
            this.lows = new long[sorted.length];
            for (int i = 0; i < sorted.length; i++) {
                highs[i] = sorted[i].high();
                lows[i] = sorted[i].low();
            }
        }

        /** Whether the network of {@code address}'s first {@link #prefix} bits is in this table. */
        boolean contains(IpAddress address) {
            long high = Cidr.maskHigh(address, prefix);
            long low = Cidr.maskLow(address, prefix);
            int i = lowerBound(high, low);
            return i < highs.length && highs[i] == high && lows[i] == low;
        }

        /** Whether a network of this table (all longer than {@code network}'s prefix) lies in {@code network}. */
        boolean anyWithin(IpAddress network) {
            int i = lowerBound(network.high(), network.low());
            if (i == highs.length) {
                return false;
            }
            boolean v4 = network.isIpv4();
            int p = network.prefixLength();
            return Cidr.maskHigh(highs[i], v4, p) == network.high() && Cidr.maskLow(lows[i], v4, p) == network.low();
        }

        /** The index of the first network at or after {@code (high, low)} in unsigned order; the length if none. */
        private int lowerBound(long high, long low) {
            int lo = 0;
            int hi = highs.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                int c = Long.compareUnsigned(highs[mid], high);
                if (c == 0) {
                    c = Long.compareUnsigned(lows[mid], low);
                }
                if (c < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
