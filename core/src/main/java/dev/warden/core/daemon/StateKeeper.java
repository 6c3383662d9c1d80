package dev.warden.core.daemon;

import dev.warden.core.spi.Ban;
import dev.warden.core.state.StateStore;
import dev.warden.core.state.WardenState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a run keeps its state: the live state directory ({@link #of}), or nowhere for a dry run
 * ({@link #dryRun}), which starts from what the live state holds but never writes it, so that a live run
 * never applies what a dry run decided. Called on the engine's thread.
 */
public interface StateKeeper {

    /** The state to start from. */
    WardenState load() throws IOException;

    /**
     * Whether {@link #save} keeps anything (false for a dry run or no state): a run that keeps nothing need
     * not take a snapshot of its jails at all.
     */
    default boolean keeps() {
        return true;
    }

    /** Replaces the saved state. */
    void save(WardenState state) throws IOException;

    /** Records bans before any action applies them (see {@link WriteAhead}). */
    void appendBans(List<Ban> bans) throws IOException;

    /** How large the journal is (a daemon rewrites the whole state past a limit). */
    long journalBytes();

    /** The state directory, for messages. */
    Path directory();

    /** The live, locked state directory. */
    static StateKeeper of(StateStore store) {
        return new StateKeeper() {
            @Override
            public WardenState load() throws IOException {
                return store.load();
            }

            @Override
            public void save(WardenState state) throws IOException {
                store.save(state);
            }

            @Override
            public void appendBans(List<Ban> bans) throws IOException {
                store.appendBans(bans);
            }

            @Override
            public long journalBytes() {
                return store.journalBytes();
            }

            @Override
            public Path directory() {
                return store.directory();
            }
        };
    }

    /**
     * A dry run's: starts from the state saved in {@code dir} (empty when there is none; read without
     * locking or creating anything) and writes nothing, neither bans, positions nor counts.
     */
    static StateKeeper dryRun(Path dir) {
        return nowhere(dir, true);
    }

    /** No state at all ({@code scan --no-state}): starts empty and writes nothing. */
    static StateKeeper none() {
        return nowhere(Path.of("(no state)"), false);
    }

    private static StateKeeper nowhere(Path dir, boolean readLive) {
        return new StateKeeper() {
            @Override
            public WardenState load() throws IOException {
                return readLive ? StateStore.peek(dir) : WardenState.empty();
            }

            @Override
            public boolean keeps() {
                return false;
            }

            @Override
            public void save(WardenState state) {
                // a dry run changes nothing
            }

            @Override
            public void appendBans(List<Ban> bans) {
                // a dry run changes nothing
            }

            @Override
            public long journalBytes() {
                return 0;
            }

            @Override
            public Path directory() {
                return dir;
            }
        };
    }
}
