package dev.warden.core.daemon;

import dev.warden.core.engine.BanHistory;
import dev.warden.core.spi.Ban;
import dev.warden.core.state.WardenState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code warden scan}: exactly one round of the {@link Engine}, the daemon's, at the clock's instant. The
 * modes differ only in where lines come from and where state is kept:
 * <ul>
 *   <li>{@code --no-state}: whole files from their start ({@link JailSources#wholeFiles}), from an empty
 *       state that is not saved ({@link StateKeeper#none});</li>
 *   <li>with state: the logs resumed where the state says ({@link JailSources#catchUp}: files never seen
 *       are read from their start, rotated files drained first), the state's bans in force re-applied and
 *       its ended bans lifted, the state saved before the round (so that every ban the round applies goes
 *       to its journal before the action runs, as in the daemon) and again after it;</li>
 *   <li>a dry run with state: the same, from the live state read but never written
 *       ({@link StateKeeper#dryRun}).</li>
 * </ul>
 */
public final class Scan {

    /**
     * @param inForce the bans in force at the end, in every jail, earliest first
     * @param state the state at the end, as saved; empty when the keeper keeps nothing (no snapshot is
     *     taken then: on a 10M-line log it is tens of milliseconds of windows and filter sessions)
     * @param status per jail, what was read and decided
     * @param actionFailures how many action calls failed (each was logged)
     * @param readFailures how many jails could not read one of their logs (each was logged)
     */
    public record Outcome(List<Ban> inForce, WardenState state, List<JailStatus> status, long actionFailures,
                          long readFailures) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Scan.class);

    private Scan() {
    }

    /**
     * One round over {@code jails} reading through {@code sources}, from and into {@code keeper}'s state.
     *
     * @throws IOException if the state cannot be read or saved before the round (nothing was applied)
     */
    public static Outcome run(Clock clock, Map<String, JailParts> jails, JailSources sources, StateKeeper keeper)
            throws IOException {
        WardenState state = keeper.load();
        keeper.save(state);
        BanHistory history = new BanHistory();
        history.restore(state.banCounts(), clock.instant());
        Engine engine = new Engine(clock, history, bans -> {
            try {
                keeper.appendBans(bans);
            } catch (IOException e) {
                LOG.error("cannot journal {} ban(s) in {} (applying them anyway): {}", bans.size(),
                        keeper.directory(), e.toString());
            }
        }, false);
        engine.install(jails, state, sources);
        Outcome outcome;
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
            long readFailures = engine.jails().values().stream().filter(j -> j.readFailures() > 0).count();
            // A scan has no part in a fleet: what the daemon kept of it is kept as it was.
            WardenState end = keeper.keeps() ? engine.snapshot(state.fleet()) : WardenState.empty();
            outcome = new Outcome(inForce, end, status, engine.actionFailures(), readFailures);
        } finally {
            engine.close();
        }
        if (keeper.keeps()) {
            keeper.save(outcome.state());
        }
        return outcome;
    }
}
