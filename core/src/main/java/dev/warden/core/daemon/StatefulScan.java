package dev.warden.core.daemon;

import dev.warden.core.engine.BanHistory;
import dev.warden.core.log.FileFollower;
import dev.warden.core.spi.Ban;
import dev.warden.core.state.StateStore;
import dev.warden.core.state.WardenState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code warden scan} with state: exactly one round of the daemon. Jails resume their logs where the
 * state says (files never seen are read from their start, rotated files are drained first), the
 * state's bans in force are re-applied and its ended bans lifted, the new lines are read, and the bans
 * in force applied; the caller saves {@link Outcome#state()}. An hourly cron scan so reads only new
 * lines and unbans what expired.
 */
public final class StatefulScan {

    /**
     * @param inForce the bans in force at the end, in every jail, earliest first
     * @param state what to save
     * @param status per jail, what was read and decided
     * @param actionFailures how many action calls failed (each was logged)
     */
    public record Outcome(List<Ban> inForce, WardenState state, List<JailStatus> status, long actionFailures) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(StatefulScan.class);

    private StatefulScan() {
    }

    /** One round over {@code jails} at the clock's instant, from {@code state}; nothing is recorded (dry run). */
    public static Outcome run(Clock clock, Map<String, JailParts> jails, WardenState state) {
        return run(clock, jails, state, bans -> { });
    }

    /**
     * One round from the state of {@code store}, which is saved first so that every ban the round
     * applies goes to its journal before the action runs, as in the daemon: a scan killed between pfctl
     * and its caller's {@link StateStore#save} of {@link Outcome#state()} loses no ban.
     *
     * @throws IOException if the state cannot be read or saved (nothing was applied)
     */
    public static Outcome runRecorded(Clock clock, Map<String, JailParts> jails, StateStore store) throws IOException {
        WardenState state = store.load();
        store.save(state);
        return run(clock, jails, state, bans -> {
            try {
                store.appendBans(bans);
            } catch (IOException e) {
                LOG.error("cannot journal {} ban(s) in {} (applying them anyway): {}", bans.size(), store.directory(),
                        e.toString());
            }
        });
    }

    private static Outcome run(Clock clock, Map<String, JailParts> jails, WardenState state, WriteAhead writeAhead) {
        BanHistory history = new BanHistory();
        history.restore(state.banCounts(), clock.instant());
        Engine engine = new Engine(clock, history, writeAhead);
        engine.install(jails, state, FileFollower.Start.BEGINNING, FileFollower.Settings.defaults(clock));
        try {
            engine.cycle();
            ControlOperations ops = new ControlOperations(engine);
            List<Ban> inForce;
            List<JailStatus> status;
            try {
                inForce = ops.bans(null);
                status = ops.status(null);
            } catch (ControlError e) {
                throw new IllegalStateException(e);
            }
            return new Outcome(inForce, engine.snapshot(), status, engine.actionFailures());
        } finally {
            engine.close();
        }
    }
}
