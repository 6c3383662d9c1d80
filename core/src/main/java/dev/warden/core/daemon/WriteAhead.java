package dev.warden.core.daemon;

import dev.warden.core.spi.Ban;

import java.util.List;

/**
 * Where the engine records bans before any action applies them: the daemon's state journal
 * ({@link dev.warden.core.state.StateStore#appendBans}), so that no ban is in a firewall without the
 * state knowing it, whenever the process dies. Called on the engine's thread; must not throw (a failure
 * to record is logged, and the ban is applied anyway: protecting comes first).
 */
@FunctionalInterface
interface WriteAhead {

    /** Records {@code bans} (never empty), returning once they are durable or the failure is logged. */
    void record(List<Ban> bans);
}
