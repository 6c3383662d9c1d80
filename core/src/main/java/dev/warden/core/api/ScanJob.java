package dev.warden.core.api;

import dev.warden.core.daemon.JailSources;
import dev.warden.core.daemon.JailStatus;
import dev.warden.core.daemon.Scan;
import dev.warden.core.daemon.StateKeeper;
import dev.warden.core.log.FileFollower;
import dev.warden.core.spi.Ban;
import dev.warden.core.state.StateStore;
import dev.warden.core.state.UntrustedDirectoryException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code warden scan}: one round of the engine at the clock's instant over a {@link Setup}'s jails.
 * <ul>
 *   <li>Stateless ({@code --no-state}, or files named on the command line): whole files from their start,
 *       from an empty state that is not saved. Unless it is a dry run it holds the state directory's lock
 *       (if there is one) while it runs, so that it never runs pfctl behind a daemon's back.</li>
 *   <li>With state: the logs resumed where the saved state says, the state saved before and after the
 *       round, every ban journaled before it is applied.</li>
 *   <li>A dry run ({@link Setup#dryRun()}) with state starts from the live state and writes nothing.</li>
 * </ul>
 */
public final class ScanJob {

    /**
     * @param inForce the bans in force at the end, earliest first
     * @param jails per jail, what was read and decided
     * @param actionFailures action calls that failed (each was logged)
     * @param readFailures jails that could not read one of their logs (each was logged)
     */
    public record Result(List<Ban> inForce, List<JailSummary> jails, long actionFailures, long readFailures) {
    }

    private ScanJob() {
    }

    /**
     * Runs the scan.
     *
     * @param stateless read whole files without state
     * @param files read these instead of the jails' logs (stateless only; empty: the jails' logs)
     * @throws UntrustedStateDirectoryException when the state directory is one Warden refuses to use (also
     *     for a dry run, which would read it); nothing was read or applied
     * @throws IOException when the state directory cannot be used (its lock is held by a daemon, or the
     *     state cannot be read or saved); nothing was applied
     */
    public static Result run(Setup setup, Clock clock, boolean stateless, List<Path> files) throws IOException {
        try {
            return scan(setup, clock, stateless, files);
        } catch (UntrustedDirectoryException e) {
            throw new UntrustedStateDirectoryException(e);
        }
    }

    private static Result scan(Setup setup, Clock clock, boolean stateless, List<Path> files) throws IOException {
        Path dir = setup.config().stateDir();
        JailSources sources = stateless ? JailSources.wholeFiles(files)
                : JailSources.catchUp(FileFollower.Settings.defaults(clock));
        if (setup.dryRun()) {
            return result(Scan.run(clock, setup.jails(), sources,
                    stateless ? StateKeeper.none() : StateKeeper.dryRun(dir)));
        }
        if (stateless && !Files.isDirectory(dir)) {
            return result(Scan.run(clock, setup.jails(), sources, StateKeeper.none()));
        }
        try (StateStore store = StateStore.open(dir)) {
            return result(Scan.run(clock, setup.jails(), sources,
                    stateless ? StateKeeper.none() : StateKeeper.of(store)));
        }
    }

    private static Result result(Scan.Outcome o) {
        List<JailSummary> jails = new ArrayList<>();
        for (JailStatus s : o.status()) {
            jails.add(new JailSummary(s.name(), s.files(), s.lines(), s.skippedLines(), s.unreadableTimeLines(),
                    s.failuresTotal(),
                    s.unattributed(), s.ignoredFailures(), s.bansActive()));
        }
        return new Result(o.inForce(), jails, o.actionFailures(), o.readFailures());
    }
}
