package dev.warden.core.daemon;

import dev.warden.core.engine.BanHistory;
import dev.warden.core.log.FileFollower;
import dev.warden.core.metrics.MetricsFile;
import dev.warden.core.metrics.WardenMetrics;
import dev.warden.core.state.WardenState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code warden run}'s loop, on the thread that calls {@link #run}: every poll interval each jail reads
 * its new lines, bans are applied, ended bans lifted (woken at their end time, not only at the next poll),
 * and the state saved. Every ban is first appended to the state's journal ({@link dev.warden.core.state.StateStore#appendBans}:
 * a few lines and one fdatasync, however many bans are in force), then applied; the whole state
 * (positions, counted failures, bans) is rewritten after the first round (which fixes where new files
 * start), at once after a ban or unban by hand (before the command answers), when the journal passes
 * {@link #JOURNAL_LIMIT}, and otherwise every {@code save-interval} (default 5 s) while lines are read or
 * bans change. After a crash the daemon so resumes reading at most a save interval before where it stopped:
 * the failures of those lines are counted again from the state's windows, and those that led to a
 * journaled ban are absorbed by it (see {@link dev.warden.core.engine.Jail}). An unban lost by a crash
 * is done again at the restart; a ban the journal could not take makes the round end with a save.
 * Everything else (control commands, reload, stop) is submitted from other threads with {@link #submit}
 * or the request methods and runs on the loop's thread between two rounds, so the engine needs no locks.
 */
public final class Daemon {

    /** The journal size (bytes) past which the whole state is rewritten at the end of the round. */
    public static final long JOURNAL_LIMIT = 4L << 20;

    /** How often a state directory that cannot be written is reported (a full disk would flood the log). */
    static final Duration WRITE_ERROR_REPORT = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    private final Clock clock;
    private final DaemonConfig.Loader loader;
    private final StateKeeper store;
    private final JailSources sources;
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final Engine engine;
    private final ControlOperations operations;
    private volatile boolean stopping;
    private volatile boolean stopped;
    private long linesAtLastSave = -1;
    private boolean bansChangedSinceSave;
    private boolean journalFailed;
    private DaemonConfig current;
    private final WardenMetrics metrics = new WardenMetrics();
    private final Since lastMetricsFile = new Since();
    private final Since lastMetricsFileError = new Since();
    private final Since lastSave = new Since();
    private final Since lastWriteErrorReport = new Since();
    private long failedWrites;
    private DaemonFleet fleet;
    /** Without a fleet section: what an earlier run kept of the fleet, kept as it was for when it comes back. */
    private dev.warden.core.state.FleetState keptFleet = dev.warden.core.state.FleetState.NONE;
    private long fleetChangesAtLastSave;

    /**
     * @param initial the configuration to start with (already loaded, so errors stop the program before
     *     anything starts)
     * @param loader builds the configuration again on reload
     * @param store where the state is kept: the open state directory (the daemon saves into it but does not
     *     close it), or nowhere for a dry run ({@link StateKeeper#dryRun})
     * @param firstStart where files without a persisted position start ({@code --from-end}: END)
     */
    public Daemon(Clock clock, DaemonConfig initial, DaemonConfig.Loader loader, StateKeeper store,
                  FileFollower.Start firstStart) {
        this.clock = clock;
        this.current = initial;
        this.loader = loader;
        this.store = store;
        this.sources = JailSources.follow(firstStart, FileFollower.Settings.defaults(clock));
        this.engine = new Engine(clock, new BanHistory(), this::journal);
        engine.retryInterval(initial.config().retryInterval());
        engine.metrics(metrics);
        this.operations = new ControlOperations(engine);
    }

    /**
     * Restores the state, starts the jails and loops until {@link #requestStop}; then saves the state,
     * lifts the bans if {@code unban-on-stop}, and stops the jails.
     *
     * @throws IOException when the state cannot be read (nothing was started)
     */
    public void run() throws IOException {
        WardenState state = store.load();
        keptFleet = state.fleet();
        current.config().fleet().ifPresent(f -> startFleet(f, state));
        engine.history().restore(state.banCounts(), clock.instant());
        engine.install(current.jails(), state, sources);
        save();
        LOG.info("warden running: {} jail(s), polling every {} ms", current.jails().size(),
                current.config().pollInterval().toMillis());
        try {
            boolean firstRound = true;
            while (!stopping) {
                Instant roundStart = clock.instant();
                // The first round opens the files never seen at their start: with --from-end that is their
                // end now, which nothing could find again after a crash before the next save.
                bansChangedSinceSave |= engine.cycle();
                if (fleet != null) {
                    fleet.liftEnded(clock.instant());
                }
                metrics.update(engine.counts());
                if (fleet != null) {
                    DaemonFleet.Status f = fleet.status();
                    metrics.updateFleet(new dev.warden.core.metrics.FleetCounts(f.connected(), f.lagMillis() / 1000.0,
                            f.published(), f.waiting(), f.dropped(), f.applied(), f.held(), f.ignored(), f.overCap()));
                }
                writeMetricsFileIfDue();
                boolean due = lastSave.passed(current.config().saveInterval(), clock.instant());
                boolean wanted = firstRound || journalFailed || store.journalBytes() > JOURNAL_LIMIT
                        || due && (bansChangedSinceSave || engine.linesRead() != linesAtLastSave
                        || fleet != null && fleet.changes() != fleetChangesAtLastSave);
                // While the directory cannot be written (a full disk), try once per save interval, not per round.
                if (wanted && (failedWrites == 0 || due)) {
                    save();
                    firstRound = false;
                }
                waitForWork(roundStart);
            }
        } finally {
            if (fleet != null) {
                fleet.close(); // first: the entries still waiting and the last position are then final
            }
            save();
            engine.liftBans(current.jails().keySet(), current.config().unbanOnStop());
            engine.close();
            stopped = true;
            runPendingTasksAsStopped();
            LOG.info("warden stopped; state saved in {}", store.directory());
        }
    }

    /**
     * Starts the fleet ({@link DaemonFleet}) from what {@code state} kept: publishing this node's bans (not in a
     * dry run, which changes nothing) and following the other nodes' (with the fleet's actions). The {@code fleet}
     * section is read at start only: a reload that changes it takes effect at the next restart.
     */
    private void startFleet(dev.warden.core.config.FleetSettings settings, WardenState state) {
        dev.warden.core.net.IgnoreList ignore = current.config().ignore()
                .union(dev.warden.core.net.OwnAddresses.current());
        fleet = DaemonFleet.start(settings, clock, state, store.keeps(), current.fleetActions(), ignore,
                address -> engine.bansInTableOf(settings.actions(), address), this::runOnLoop);
        BanFeed outbox = fleet.outbox();
        if (outbox != null) {
            engine.feed(outbox);
        }
        engine.fleetHolds(settings.actions(), fleet::holds);
    }

    /** The other nodes' bans applied here and not ended, by start then key; on the loop thread. */
    java.util.List<dev.warden.core.fleet.FleetEntry> fleetBans() {
        return fleet == null ? java.util.List.of() : fleet.bans();
    }

    /** The fleet's status, or empty without a fleet; on the loop thread. */
    java.util.Optional<DaemonFleet.Status> fleetStatus() {
        return fleet == null ? java.util.Optional.empty() : java.util.Optional.of(fleet.status());
    }

    /** Runs {@code task} on the loop thread and returns once it ran (the fleet follower's deliveries). */
    private void runOnLoop(Runnable task) {
        try {
            submit(() -> {
                task.run();
                return null;
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("stopping");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage());
        }
    }

    /** Asks the loop to stop after the current round (any thread, signal handlers included). */
    public void requestStop() {
        stopping = true;
        tasks.add(() -> { });
    }

    /**
     * Runs {@code task} on the loop's thread between two rounds; its result or failure completes the future.
     * A ban or unban by hand is saved before the future completes, so what the operator was told survives
     * a crash.
     */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        tasks.add(() -> {
            if (stopped) {
                f.completeExceptionally(new ControlError("the daemon is stopping"));
                return;
            }
            T result = null;
            Throwable failure = null;
            try {
                result = task.call();
            } catch (Exception | Error e) {
                failure = e;
            }
            if (engine.takeChangedByHand()) {
                save();
            }
            if (failure != null) {
                f.completeExceptionally(failure);
            } else {
                f.complete(result);
            }
        });
        return f;
    }

    /** Reloads the configuration on the loop's thread (SIGHUP); a refusal is logged. */
    public void requestReload() {
        submit(this::reload).whenComplete((n, e) -> {
            if (e instanceof ConfigRefused refused) {
                LOG.error("reload refused, the running configuration stays: {}", String.join("; ", refused.issues()));
            } else if (e != null) {
                LOG.error("reload refused, the running configuration stays: {}", e.getMessage());
            }
        });
    }

    /** The control commands, to be called through {@link #submit}. */
    ControlOperations operations() {
        return operations;
    }

    /**
     * Re-reads the configuration; on the loop's thread. A configuration with errors is refused and the
     * running one stays. Jails are restarted with their state (positions, counted failures, bans); a jail
     * no longer configured lifts its bans.
     *
     * @return how many jails run now
     */
    int reload() throws ConfigRefused {
        DaemonConfig next = loader.load();
        if (!next.config().stateDir().equals(current.config().stateDir())
                || !next.config().socket().equals(current.config().socket())) {
            LOG.warn("state-dir and socket changes take effect at the next restart");
        }
        if (!java.util.Objects.equals(next.config().metrics().listens() ? next.config().metrics().listenText() : null,
                current.config().metrics().listens() ? current.config().metrics().listenText() : null)) {
            LOG.warn("a metrics-listen change takes effect at the next restart");
        }
        if (!next.config().fleet().map(dev.warden.core.config.FleetSettings::withoutActions)
                .equals(current.config().fleet().map(dev.warden.core.config.FleetSettings::withoutActions))) {
            LOG.warn("a fleet change takes effect at the next restart");
        }
        engine.liftBans(next.jails().keySet(), false);
        WardenState state = engine.snapshot();
        engine.close();
        current = next;
        engine.retryInterval(next.config().retryInterval());
        engine.install(next.jails(), state, sources);
        save();
        LOG.info("configuration reloaded: {} jail(s)", next.jails().size());
        return next.jails().size();
    }

    /** Waits for the rest of the poll interval begun at {@code roundStart}, a ban's end, or a task. */
    private void waitForWork(Instant roundStart) {
        long spent = Math.max(0, Duration.between(roundStart, clock.instant()).toMillis());
        long waitMillis = Math.max(0, current.config().pollInterval().toMillis() - spent);
        Instant next = engine.nextWake();
        Instant remoteEnd = fleet == null ? null : fleet.nextEnd();
        if (remoteEnd != null && (next == null || remoteEnd.isBefore(next))) {
            next = remoteEnd;
        }
        if (next != null) {
            waitMillis = Math.max(0, Math.min(waitMillis, Duration.between(clock.instant(), next).toMillis() + 1));
        }
        try {
            Runnable task = tasks.poll(waitMillis, TimeUnit.MILLISECONDS);
            while (task != null) {
                task.run();
                task = tasks.poll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    private void runPendingTasksAsStopped() {
        for (Runnable r = tasks.poll(); r != null; r = tasks.poll()) {
            r.run();
        }
    }

    /** The engine's write-ahead: bans go to the journal before they are applied. */
    private void journal(java.util.List<dev.warden.core.spi.Ban> bans) {
        try {
            store.appendBans(bans);
        } catch (IOException | RuntimeException e) {
            journalFailed = true;
            writeFailed("cannot journal " + bans.size() + " ban(s) in " + store.directory()
                    + " (applying them anyway; saving the whole state instead)", e);
        }
    }

    private void save() {
        Instant now = clock.instant();
        lastSave.mark(now);
        try {
            long fleetChanges = fleet == null ? 0 : fleet.changes();
            store.save(engine.snapshot(fleet == null ? keptFleet : fleet.snapshot()));
            fleetChangesAtLastSave = fleetChanges;
            linesAtLastSave = engine.linesRead();
            bansChangedSinceSave = false;
            journalFailed = false;
            if (failedWrites > 0) {
                LOG.info("state saved in {} again, after {} failed write(s)", store.directory(), failedWrites);
                failedWrites = 0;
            }
        } catch (IOException | RuntimeException e) {
            writeFailed("cannot save state in " + store.directory(), e);
        }
    }

    /** The daemon's metrics ({@code warden metrics}, {@code metrics-listen}); safe to read from any thread. */
    public WardenMetrics metrics() {
        return metrics;
    }

    /**
     * Rewrites {@code metrics-file}, if configured, every save interval; a failure is reported once a minute
     * and does not stop anything else.
     */
    private void writeMetricsFileIfDue() {
        java.nio.file.Path file = current.config().metrics().file();
        Instant now = clock.instant();
        if (file == null || !lastMetricsFile.passed(current.config().saveInterval(), now)) {
            return;
        }
        lastMetricsFile.mark(now);
        try {
            MetricsFile.write(metrics, file);
        } catch (IOException | RuntimeException e) {
            if (lastMetricsFileError.passed(WRITE_ERROR_REPORT, now)) {
                lastMetricsFileError.mark(now);
                LOG.error("cannot write metrics-file {}: {} (reported once a minute)", file, e.toString());
            }
        }
    }

    /**
     * Reports a failed write to the state directory at most once per {@link #WRITE_ERROR_REPORT}; bans go
     * on being applied, and the state is saved again every save interval until it works.
     */
    private void writeFailed(String what, Exception e) {
        failedWrites++;
        metrics.stateWriteFailed();
        Instant now = clock.instant();
        if (lastWriteErrorReport.passed(WRITE_ERROR_REPORT, now)) {
            lastWriteErrorReport.mark(now);
            LOG.error("{}: {} (bans are still applied; trying again every {} s; {} failed write(s) so far,"
                    + " reported once a minute)", what, e.toString(), current.config().saveInterval().toSeconds(),
                    failedWrites);
        }
    }
}
