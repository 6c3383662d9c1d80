package dev.warden.core.daemon;

import dev.warden.core.engine.BanHistory;
import dev.warden.core.metrics.JailCounts;
import dev.warden.core.metrics.WardenMetrics;
import dev.warden.core.spi.Ban;
import dev.warden.core.state.FleetState;
import dev.warden.core.state.TrackedFailures;
import dev.warden.core.state.WardenState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running jails and everything between their bans and their actions: bans decided while reading are
 * applied in batches (only those still in force: history read at first start only counts), ended bans
 * are lifted when the injected clock reaches their end, state is restored into the jails and snapshotted
 * out of them. Not thread-safe: every method runs on the daemon's thread.
 */
final class Engine {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final Clock clock;
    private final BanHistory history;
    private final WriteAhead writeAhead;
    private final Map<String, LiveJail> jails = new LinkedHashMap<>();
    private final UnbanSchedule schedule = new UnbanSchedule();
    private final ActionRetry retry = new ActionRetry();
    private WardenMetrics metrics;
    private final BanRelease release = new BanRelease(retry);
    private final List<Ban> decided = new ArrayList<>();
    private long actionFailures;
    private boolean changedByHand;
    /** Whether bans decided from the logs that already ended are lifted (a round without state; see {@link #install}). */
    private boolean liftEndedDecided;
    private final boolean logEachBan;
    private BanFeed feed = BanFeed.NONE;

    /** An engine that applies bans without recording them first (a one-shot scan saves at its end). */
    Engine(Clock clock, BanHistory history) {
        this(clock, history, bans -> { });
    }

    /** @param writeAhead told of every ban decided or made by hand before any action applies it */
    Engine(Clock clock, BanHistory history, WriteAhead writeAhead) {
        this(clock, history, writeAhead, true);
    }

    /**
     * @param logEachBan log every ban decided from the logs at INFO (the daemon's record of what it did);
     *     a scan prints its bans in force on stdout instead, and one log line per ban cost it a tenth of a
     *     second on a 10M-line catch-up with 1,200 bans (docs/performance.md)
     */
    Engine(Clock clock, BanHistory history, WriteAhead writeAhead, boolean logEachBan) {
        this.clock = clock;
        this.history = history;
        this.writeAhead = writeAhead;
        this.logEachBan = logEachBan;
    }

    Clock clock() {
        return clock;
    }

    /**
     * Tells the unbans that the fleet, whose actions are {@code fleetActions}, holds the addresses {@code holds}
     * says: a jail with an action of the same settings leaves such an address in the table (see {@link BanRelease}).
     */
    void fleetHolds(List<dev.warden.core.config.PluginRef> fleetActions,
                    java.util.function.Predicate<dev.warden.core.spi.IpAddress> holds) {
        release.fleetKeeps(b -> {
            LiveJail lj = jails.get(b.jail());
            return lj != null && lj.sharesActionWith(fleetActions) && holds.test(b.address());
        });
    }

    /** Whether a jail with an action of the same settings as one of {@code actions} bans {@code address} now. */
    boolean bansInTableOf(List<dev.warden.core.config.PluginRef> actions, dev.warden.core.spi.IpAddress address) {
        Instant now = clock.instant();
        for (LiveJail lj : jails.values()) {
            if (lj.sharesActionWith(actions)) {
                Ban b = lj.jail().book().current(address);
                if (b != null && b.end().isAfter(now)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Sets what is told of this node's bans and unbans (the fleet's outbox); {@link BanFeed#NONE} by default. */
    void feed(BanFeed feed) {
        this.feed = feed;
    }

    /**
     * Sets the metrics this engine reports to: each automatic ban's latency here, every jail's counts when
     * asked ({@link #counts}); jails started by {@link #install} begin their counts again.
     */
    void metrics(WardenMetrics metrics) {
        this.metrics = metrics;
    }

    /** Every running jail's counts since it started, for {@link WardenMetrics#update}. */
    List<JailCounts> counts() {
        Instant now = clock.instant();
        List<JailCounts> out = new ArrayList<>(jails.size());
        for (LiveJail lj : jails.values()) {
            out.add(lj.counts(now));
        }
        return out;
    }

    /** Sets how long after a failed action it is tried again ({@code retry-interval}). */
    void retryInterval(Duration interval) {
        retry.interval(interval);
    }

    BanHistory history() {
        return history;
    }

    Map<String, LiveJail> jails() {
        return jails;
    }

    /**
     * Starts {@code parts}: actions started, each jail's source opened through {@code sources} (resumed
     * from the file positions or the journal cursor in {@code state} where it resumes), filter state,
     * counted failures and bans put back from {@code state}, the bans still in force re-applied (without
     * extending them) and those that ended meanwhile lifted.
     */
    void install(Map<String, JailParts> parts, WardenState state, JailSources sources) {
        Instant now = clock.instant();
        if (metrics != null) {
            metrics.restarted();
        }
        liftEndedDecided = !sources.resumable();
        for (JailParts p : parts.values()) {
            LiveJail lj = new LiveJail(p, history, sources.open(p.definition(), state.filesOf(p.name()),
                    state.cursorOf(p.name()), now), decided::add);
            jails.put(p.name(), lj);
            StatePositions.restoreFilter(p, state);
            actionFailures += p.actions().start();
        }
        for (TrackedFailures tf : state.failures()) {
            LiveJail lj = jails.get(tf.jail());
            if (lj != null) {
                lj.jail().restoreTracked(tf.address(), tf.times(), tf.weights());
            }
        }
        SavedBans saved = SavedBans.restore(state.bans(), jails, now);
        saved.inForce().forEach((jail, bans) -> {
            bans.forEach(schedule::add);
            applyBans(jail, bans, now);
            LOG.info("[{}] {} ban(s) in force re-applied from state", jail, bans.size());
        });
        actionFailures += release.release(saved.ended(), jails, now, "ended while stopped");
        saved.orphans().forEach((jail, n) -> LOG.warn("{} ban(s) of jail {} in the state are dropped: the jail is"
                + " not configured (lift them from its firewall table by hand)", n, jail));
    }

    /**
     * One round: reads every jail's new lines, applies the bans decided, lifts the bans that ended.
     *
     * @return whether bans changed (the state should be saved now)
     */
    boolean cycle() {
        Instant now = clock.instant();
        for (LiveJail lj : jails.values()) {
            lj.poll(now);
        }
        boolean changed = applyDecided(now);
        changed |= unbanDue(now);
        for (LiveJail lj : jails.values()) {
            lj.jail().book().removeEndedBy(now);
        }
        actionFailures += retry.retryDue(jails, now);
        return changed;
    }

    /** Applies one jail's bans; a failure is retried later (see {@link ActionRetry}). */
    private int applyBans(String jail, List<Ban> bans, Instant now) {
        int failed = jails.get(jail).actions().ban(bans);
        if (failed > 0) {
            actionFailures += failed;
            retry.banFailed(jail, now);
        }
        return failed;
    }

    /**
     * Applies the bans decided in this round that are still in force, journaled first. Those already ended
     * are applied by nobody; a round without state (whole files read from their start) cannot know whether
     * an earlier run applied them, so it lifts the latest ended ban of each address (lifting is idempotent),
     * under the shared-table rule of {@link BanRelease}.
     */
    private boolean applyDecided(Instant now) {
        if (decided.isEmpty()) {
            return false;
        }
        Map<String, List<Ban>> byJail = new LinkedHashMap<>();
        List<Ban> toApply = new ArrayList<>();
        List<Ban> ended = new ArrayList<>();
        for (Ban b : decided) {
            if (b.end().isAfter(now)) {
                byJail.computeIfAbsent(b.jail(), j -> new ArrayList<>()).add(b);
                toApply.add(b);
            } else if (liftEndedDecided && b.equals(jails.get(b.jail()).jail().book().current(b.address()))) {
                ended.add(b);
            }
        }
        decided.clear();
        if (!toApply.isEmpty()) {
            writeAhead.record(toApply);
            feed.banned(toApply);
        }
        byJail.forEach((jail, bans) -> {
            applyBans(jail, bans, now);
            if (metrics != null) {
                Duration latency = Duration.between(now, clock.instant());
                bans.forEach(b -> metrics.banApplied(jail, latency));
            }
            for (Ban b : bans) {
                schedule.add(b);
                if (logEachBan) {
                    LOG.info("[{}] ban {} after {} failures until {}", jail, b.address(), b.failures(), b.end());
                }
            }
        });
        if (!ended.isEmpty()) {
            actionFailures += release.release(ended, jails, now, "ended before this scan");
        }
        return true; // the ban counts changed, even when every ban decided had already ended
    }

    private boolean unbanDue(Instant now) {
        List<Ban> ended = new ArrayList<>();
        for (Ban b : schedule.due(now)) {
            LiveJail lj = jails.get(b.jail());
            if (lj != null && b.equals(lj.jail().book().current(b.address()))) {
                lj.jail().book().lift(b.address());
                ended.add(b);
            }
        }
        actionFailures += release.release(ended, jails, now, "ban-time over");
        return !ended.isEmpty();
    }

    /** Applies a ban decided outside the logs (by an operator); see {@link ControlOperations}. */
    int applyManual(LiveJail lj, Ban ban) {
        lj.jail().book().record(ban);
        lj.jail().forget(ban.address());
        lj.countManualBan();
        changedByHand = true;
        schedule.add(ban);
        LOG.info("[{}] ban {} by hand until {}", lj.name(), ban.address(), ban.end());
        writeAhead.record(List.of(ban));
        feed.banned(List.of(ban));
        return applyBans(lj.name(), List.of(ban), clock.instant());
    }

    /** Lifts bans already removed from their books (by an operator); returns how many actions failed. */
    int releaseManual(Collection<Ban> bans) {
        changedByHand = true;
        feed.unbanned(bans);
        return release.release(bans, jails, clock.instant(), "lifted by hand");
    }

    /** Whether an operator banned or unbanned since the last call (the state should be saved now); resets. */
    boolean takeChangedByHand() {
        boolean changed = changedByHand;
        changedByHand = false;
        return changed;
    }

    /** How many action calls failed so far (each logged with its reason). */
    long actionFailures() {
        return actionFailures;
    }

    /** Lines read by all jails since they started (changes when there are new positions to save). */
    long linesRead() {
        long n = 0;
        for (LiveJail lj : jails.values()) {
            n += lj.lines();
        }
        return n;
    }

    /** When the loop must wake next for an unban or a retry, or null. */
    Instant nextWake() {
        Instant end = schedule.next();
        Instant again = retry.next(clock.instant());
        if (end == null || again != null && again.isBefore(end)) {
            return again;
        }
        return end;
    }

    /** The bans in force now, in every jail. */
    List<Ban> activeBans() {
        Instant now = clock.instant();
        List<Ban> out = new ArrayList<>();
        for (LiveJail lj : jails.values()) {
            out.addAll(lj.jail().book().notEndedAt(now));
        }
        return out;
    }

    /** Everything to persist now: bans in force (and waiting unbans), counts, positions, counted failures. */
    WardenState snapshot() {
        return snapshot(FleetState.NONE);
    }

    /** As {@link #snapshot()}, with {@code fleet} as the fleet's part, built in one step (no {@code withFleet} copy). */
    WardenState snapshot(FleetState fleet) {
        List<Ban> bans = activeBans();
        bans.addAll(release.waiting());
        bans.addAll(retry.pendingUnbans());
        history.prune(clock.instant());
        return StatePositions.snapshot(bans, history, jails.values(), fleet);
    }

    /**
     * Before a reload or at exit: jails not in {@code keep} lift their bans through their actions and
     * forget them (and their waiting unbans); with {@code unbanAll} every other jail lifts its bans in
     * force through its actions too but keeps them in its book, so they are persisted and re-applied at
     * the next start.
     */
    void liftBans(Collection<String> keep, boolean unbanAll) {
        Instant now = clock.instant();
        for (LiveJail lj : jails.values()) {
            boolean dropped = !keep.contains(lj.name());
            if (!dropped && !unbanAll) {
                continue;
            }
            List<Ban> active = lj.jail().book().notEndedAt(now);
            if (dropped) {
                active.addAll(release.removeJail(lj.name()));
                active.forEach(b -> lj.jail().book().lift(b.address()));
            }
            lj.actions().unban(active);
            lj.countUnbans(active.size());
            LOG.info("[{}] {} ban(s) lifted: {}", lj.name(), active.size(),
                    dropped ? "jail removed from the configuration" : "unban-on-stop");
        }
    }

    /** Stops every jail (actions stopped, logs closed) and forgets them, so {@link #install} can start new ones. */
    void close() {
        for (LiveJail lj : jails.values()) {
            lj.actions().stop();
            lj.close();
        }
        jails.clear();
        schedule.clear();
        retry.clearReapply();
        decided.clear();
    }
}
