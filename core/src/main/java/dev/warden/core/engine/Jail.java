package dev.warden.core.engine;

import dev.warden.core.spi.Ban;
import dev.warden.core.spi.FailureSink;
import dev.warden.core.spi.IpAddress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One jail's counting and deciding: ignore list, then a failure window per address in log time, then a
 * ban when {@code max-retry} failures fall within {@code find-time}. Failures of an address while its ban
 * is in force (in log time) are counted in the totals but not towards a new ban.
 *
 * <p>"Address" here is what the policy's {@link dev.warden.core.net.PrefixLengths} make of it ({@link #keyOf}):
 * under {@code ipv6-prefix: 64} the failures of every address of a /64 count together and the ban is of the
 * /64. The ignore list is asked about each real address first, so an ignored address never counts; and a
 * network that holds an ignored address is never counted or banned as a whole (its addresses are counted
 * one by one, as without a prefix), so that a ban never reaches an address the list protects. The jail never runs
 * actions: it records bans in its {@link BanBook} and tells its listener, for a dispatcher to apply.
 * A ban lasts ban-time, escalated by the policy's increment for each earlier ban of the address (in this
 * jail, or in all jails sharing the book's {@link BanHistory}).
 *
 * <p>Memory: windows idle for longer than find-time are swept out as log time advances, and the number
 * of tracked addresses is capped (the stalest windows go first). Confined to the jail's thread.
 */
public final class Jail implements FailureSink {

    private final String name;
    private final JailPolicy policy;
    private final Predicate<IpAddress> ignored;
    private final BanBook book;
    private final Consumer<Ban> onBan;
    private final long findMillis;
    private final long banScore;
    private final int maxEntries;
    private final Map<IpAddress, FailureWindow> windows = new HashMap<>();
    private long lastSweep = Long.MIN_VALUE;

    private long failures;
    private long ignoredFailures;
    private long unattributed;
    /** Counted failures per kind; kinds are a filter's few constants. */
    private final Map<String, long[]> byKind = new HashMap<>(8);

    /**
     * The jail {@code def} asks for, the one way every command builds it: its policy (max-retry, find-time,
     * ban-time, weights, ban-time-increment, max-tracked) and its ignore list (with {@code ignore-self}:
     * loopback and this host's addresses, read now), counting its bans in {@code history}.
     *
     * @param onBan told of every automatic ban as it is decided, on the jail's thread
     */
    public static Jail of(dev.warden.core.config.JailDefinition def, BanHistory history, Consumer<Ban> onBan) {
        return new Jail(def.name(), JailPolicy.of(def),
                def.effectiveIgnore(dev.warden.core.net.OwnAddresses.current())::overlaps, new BanBook(history), onBan);
    }

    /**
     * Sets the jail's forget-after in the book's history (see {@link BanHistory#forgetAfter}).
     *
     * @param ignored whether an address, or some address of a network, is on the jail's ignore list
     */
    public Jail(String name, JailPolicy policy, Predicate<IpAddress> ignored, BanBook book) {
        this(name, policy, ignored, book, b -> { });
    }

    /** @param onBan told of every automatic ban as it is decided, on the jail's thread */
    public Jail(String name, JailPolicy policy, Predicate<IpAddress> ignored, BanBook book, Consumer<Ban> onBan) {
        this.name = name;
        this.policy = policy;
        this.ignored = ignored;
        this.book = book;
        this.onBan = onBan;
        this.findMillis = policy.findTime().toMillis();
        this.banScore = policy.banScore();
        this.maxEntries = policy.maxEntries();
        book.history().forgetAfter(name, policy.increment().forgetAfter());
    }

    public String name() {
        return name;
    }

    public JailPolicy policy() {
        return policy;
    }

    public BanBook book() {
        return book;
    }

    @Override
    public void failure(IpAddress address, long epochMillis, String kind) {
        long before = failures;
        onFailure(address, epochMillis, policy.weightOf(kind));
        if (failures != before) {
            long[] n = byKind.get(kind);
            if (n == null) {
                byKind.put(kind, n = new long[1]);
            }
            n[0]++;
        }
    }

    /** The failures that counted (see {@link #failures()}) by the kind the filter named, since the jail started. */
    public Map<String, Long> failuresByKind() {
        Map<String, Long> out = new java.util.TreeMap<>();
        byKind.forEach((k, n) -> out.put(k, n[0]));
        return out;
    }

    @Override
    public void unattributed(long epochMillis, String kind) {
        unattributed++;
    }

    /**
     * Counts one failure; returns the ban it triggered, or null.
     */
    public Ban onFailure(IpAddress address, long t) {
        return onFailure(address, t, FailureWindow.ONE);
    }

    /**
     * Counts one failure weighing {@code weight} thousandths (0: not counted towards a ban); returns the
     * ban it triggered, or null.
     */
    public Ban onFailure(IpAddress real, long t, int weight) {
        if (ignored.test(real)) {
            ignoredFailures++;
            return null;
        }
        IpAddress address = keyOf(real);
        failures++;
        sweep(t);
        if (book.activeAt(address, t) != null) {
            // As when the ban was decided: failures leading to it are not counted again once it holds (this
            // matters when lines are read again after a restart, the ban coming from the state's journal).
            windows.remove(address);
            return null;
        }
        FailureWindow w = windows.get(address);
        if (w == null) {
            if (windows.size() >= policy.maxTracked()) {
                evictStalest();
            }
            w = new FailureWindow();
            windows.put(address, w);
        }
        if (weight == 0) {
            return null;
        }
        long score = w.add(t, weight, findMillis, maxEntries);
        if (score < banScore) {
            return null;
        }
        windows.remove(address);
        Instant at = Instant.ofEpochMilli(t); // only for a ban: no Instant per failure (docs/performance.md)
        Ban ban = book.ban(name, address, at, nextBanLength(address, at), w.count());
        onBan.accept(ban);
        return ban;
    }

    /**
     * How long the next ban of {@code address}, starting at {@code at}, lasts: escalated by its earlier
     * bans not forgotten by then.
     */
    public java.time.Duration nextBanLength(IpAddress address, Instant at) {
        BanHistory history = book.history();
        int earlier = policy.increment().acrossJails() ? history.total(address, at)
                : history.count(name, address, at);
        return policy.banLength(earlier);
    }

    /**
     * What the failures of {@code address} are counted and banned under: its network under the policy's
     * prefix lengths, or {@code address} itself when that network holds an ignored address (or the lengths
     * are full). A network no longer than the policy's is its own key.
     */
    public IpAddress keyOf(IpAddress address) {
        IpAddress network = policy.prefixes().of(address);
        return network.prefixLength() < address.prefixLength() && ignored.test(network) ? address : network;
    }

    /** Forgets the failures counted for {@code address} (it was banned by hand: a new ban needs new failures). */
    public void forget(IpAddress address) {
        windows.remove(address);
    }

    /** Whether {@code address} (or, for a network, some address of it) is on this jail's ignore list. */
    public boolean ignores(IpAddress address) {
        return ignored.test(address);
    }

    /** What one tracked address has counted: failure times (log time) and weights (null: all 1000). */
    @FunctionalInterface
    public interface TrackedConsumer {
        void accept(IpAddress address, long[] times, int[] weights);
    }

    /** Hands every tracked address, its failure times (in counting order) and their weights to {@code out}. */
    public void forEachTracked(TrackedConsumer out) {
        windows.forEach((address, w) -> out.accept(address, w.times(), w.weights()));
    }

    /**
     * Puts back the failures of an address (or network) read from persisted state, as if they had just been
     * counted (times outside find-time of the newest are dropped). Saved under other prefix lengths, they go
     * to the key the policy now counts under ({@link #keyOf}), the windows of one network's addresses joined;
     * a saved network that now holds an ignored address is dropped.
     *
     * @param weights per time, in thousandths; null when every failure weighs 1000
     */
    public void restoreTracked(IpAddress address, long[] times, int[] weights) {
        IpAddress key = keyOf(address);
        if (times.length == 0 || key.isNetwork() && ignored.test(key)) {
            return;
        }
        FailureWindow w = windows.get(key);
        if (w == null) {
            if (windows.size() >= policy.maxTracked()) {
                return;
            }
            w = new FailureWindow();
            windows.put(key, w);
        }
        for (int i = 0; i < times.length; i++) {
            w.add(times[i], weights == null ? FailureWindow.ONE : weights[i], findMillis, maxEntries);
        }
    }

    /** Failures now counted towards a ban, over all tracked addresses. */
    public long failuresCounted() {
        long n = 0;
        for (FailureWindow w : windows.values()) {
            n += w.count();
        }
        return n;
    }

    private void sweep(long t) {
        if (lastSweep == Long.MIN_VALUE) {
            lastSweep = t;
            return;
        }
        if (t - lastSweep < Math.max(findMillis, 60_000L)) {
            return;
        }
        lastSweep = t;
        long cutoff = t - findMillis;
        windows.values().removeIf(w -> w.newest() <= cutoff);
    }

    /**
     * Forgets the stalest eighth of the tracked addresses (by latest failure; ties broken arbitrarily, so
     * a burst of one-second timestamps does not empty the table).
     */
    private void evictStalest() {
        List<Map.Entry<IpAddress, FailureWindow>> entries = new ArrayList<>(windows.entrySet());
        entries.sort((a, b) -> Long.compare(a.getValue().newest(), b.getValue().newest()));
        int n = Math.max(1, entries.size() / 8);
        for (int i = 0; i < n; i++) {
            windows.remove(entries.get(i).getKey());
        }
    }

    /** Addresses whose failures are now being counted. */
    public int tracked() {
        return windows.size();
    }

    /** Failures counted (ignore-listed ones excluded). */
    public long failures() {
        return failures;
    }

    /** Failures of ignore-listed addresses. */
    public long ignoredFailures() {
        return ignoredFailures;
    }

    /** Failures without an address. */
    public long unattributed() {
        return unattributed;
    }

    /** Bans this jail decided, in decision order. */
    public Collection<Ban> bans() {
        return book.all();
    }
}
