package dev.warden.cli;

import dev.warden.core.api.Plugins;

import java.util.Optional;

/**
 * The plugin catalogs of a running daemon. Every load of the configuration (the start, each reload)
 * discovers the plugins afresh, so that a reload sees jars added, removed or replaced; this decides when
 * each catalog's jar class loaders are closed, which is once no jail made from it can run any more:
 * <ul>
 *   <li>a catalog whose configuration was refused: at once (the running jails use the previous one);</li>
 *   <li>the catalog a reload replaced: at the next load, since the daemon stops the old jails right
 *       after the load that replaced them returns (see {@code Daemon.reload});</li>
 *   <li>the rest when the daemon has stopped ({@link #close()}).</li>
 * </ul>
 * So at most two generations of plugin jars are open. Called from one thread at a time (the daemon's
 * loop, or the start before it).
 */
final class DaemonPlugins implements AutoCloseable {

    private Plugins running;
    private Plugins replaced;

    /**
     * Records one load: {@code next} becomes the running catalog, or is closed when its configuration was
     * refused. Either way the catalog replaced by the load before is closed now.
     */
    void loaded(Plugins next, boolean refused) {
        if (replaced != null) {
            replaced.close();
            replaced = null;
        }
        if (refused) {
            next.close();
            return;
        }
        replaced = running;
        running = next;
    }

    /** The catalog of the configuration running now; empty before the first load was accepted. */
    Optional<Plugins> running() {
        return Optional.ofNullable(running);
    }

    /** Closes every catalog left; only once the daemon has stopped its jails. */
    @Override
    public void close() {
        if (replaced != null) {
            replaced.close();
        }
        if (running != null) {
            running.close();
        }
        replaced = null;
        running = null;
    }
}
