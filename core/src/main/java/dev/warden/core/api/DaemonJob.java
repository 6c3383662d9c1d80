package dev.warden.core.api;

import dev.warden.core.config.ConfigIssue;
import dev.warden.core.control.ControlServer;
import dev.warden.core.daemon.ConfigRefused;
import dev.warden.core.daemon.Daemon;
import dev.warden.core.daemon.DaemonConfig;
import dev.warden.core.daemon.DaemonControl;
import dev.warden.core.daemon.StateKeeper;
import dev.warden.core.log.FileFollower;
import dev.warden.core.metrics.MetricsHttp;
import dev.warden.core.state.StateStore;
import dev.warden.core.state.UntrustedDirectoryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;

/**
 * {@code warden run}: the daemon over a {@link Setup}'s jails, answering its control socket, until
 * {@link #requestStop}. A live daemon locks and keeps the state directory; a dry run
 * ({@link Setup#dryRun()}) starts from the live state but never locks or writes it, so that a live run
 * never applies what a dry run decided. {@link #requestStop} and {@link #requestReload} may be called
 * from any thread (signal handlers included).
 */
public final class DaemonJob {

    /** Builds the configuration afresh for a reload; a setup with errors is refused. */
    @FunctionalInterface
    public interface Reload {
        Setup load();
    }

    private static final Logger LOG = LoggerFactory.getLogger(DaemonJob.class);

    private final Setup initial;
    private final StateStore store;
    private final Daemon daemon;

    private DaemonJob(Setup initial, StateStore store, Daemon daemon) {
        this.initial = initial;
        this.store = store;
        this.daemon = daemon;
    }

    /**
     * Opens the state directory (not for a dry run) and builds the daemon; nothing runs yet.
     *
     * @param fromEnd start files never seen before at their end
     * @throws UntrustedStateDirectoryException when the state directory is one Warden refuses to use (a
     *     dry run, which would read it, included)
     * @throws IOException when the state directory cannot be used (another daemon holds it, no permission)
     */
    public static DaemonJob prepare(Clock clock, Setup initial, Reload reload, boolean fromEnd) throws IOException {
        StateStore store = null;
        try {
            if (initial.dryRun()) {
                StateStore.check(initial.config().stateDir()); // read later, by the loop: refuse it now
            } else {
                store = StateStore.open(initial.config().stateDir());
            }
        } catch (UntrustedDirectoryException e) {
            throw new UntrustedStateDirectoryException(e);
        }
        StateKeeper keeper = store == null ? StateKeeper.dryRun(initial.config().stateDir()) : StateKeeper.of(store);
        DaemonConfig.Loader loader = () -> {
            Setup next = reload.load();
            if (next.hasErrors()) {
                throw new ConfigRefused(next.issues().stream().filter(ConfigIssue::isError).map(Object::toString)
                        .toList());
            }
            return next.daemonConfig();
        };
        Daemon daemon = new Daemon(clock, initial.daemonConfig(), loader, keeper,
                fromEnd ? FileFollower.Start.END : FileFollower.Start.BEGINNING);
        return new DaemonJob(initial, store, daemon);
    }

    /**
     * Starts the control socket and runs the daemon's loop on this thread until {@link #requestStop};
     * closes the socket and the state directory when it returns.
     *
     * @throws UntrustedStateDirectoryException when a file of the state directory became one Warden
     *     refuses to read since {@link #prepare} (nothing started)
     * @throws IOException when the socket cannot be bound or the state cannot be read (nothing started)
     */
    public void run() throws IOException {
        try (StateStore held = store;
             ControlServer control = ControlServer.start(initial.config().socket(), new DaemonControl(daemon));
             MetricsHttp http = MetricsHttp.start(initial.config().metrics(), daemon.metrics())) {
            if (http.port() != 0) {
                LOG.info("serving metrics on http://{}/metrics", initial.config().metrics().listenText());
            }
            daemon.run();
        } catch (UntrustedDirectoryException e) {
            throw new UntrustedStateDirectoryException(e);
        }
    }

    /** Asks the loop to stop after its current round. */
    public void requestStop() {
        daemon.requestStop();
    }

    /** Reloads the configuration on the loop's thread; a refusal is logged and the running one stays. */
    public void requestReload() {
        daemon.requestReload();
    }
}
