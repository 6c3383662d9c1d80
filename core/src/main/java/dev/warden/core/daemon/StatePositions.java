package dev.warden.core.daemon;

import dev.warden.core.engine.BanHistory;
import dev.warden.core.log.FilePosition;
import dev.warden.core.spi.Ban;
import dev.warden.core.state.JailFile;
import dev.warden.core.state.TrackedFailures;
import dev.warden.core.state.WardenState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** Converts between running jails and the persisted {@link WardenState}. Stateless. */
final class StatePositions {

    private StatePositions() {
    }

    /** The persisted positions of the files {@code jail} follows. */
    static List<FilePosition> of(WardenState state, String jail) {
        return state.filesOf(jail);
    }

    /** The state of these jails now, with {@code bans} as the bans to persist. */
    static WardenState snapshot(List<Ban> bans, BanHistory history, Collection<LiveJail> jails) {
        List<JailFile> files = new ArrayList<>();
        List<TrackedFailures> failures = new ArrayList<>();
        for (LiveJail lj : jails) {
            for (FilePosition p : lj.positions()) {
                files.add(new JailFile(lj.name(), p));
            }
            lj.jail().forEachTracked((address, times) -> {
                Arrays.sort(times);
                failures.add(new TrackedFailures(lj.name(), address, times));
            });
        }
        return WardenState.of(bans, history.snapshot(), files, failures);
    }
}
