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
import java.util.HashMap;
import java.util.Map;
import java.util.List;

/** Converts between running jails and the persisted {@link WardenState}. Stateless. */
final class StatePositions {

    private StatePositions() {
    }

    /**
     * The filter state persisted for {@code jail}, if it was saved by a filter of type {@code type} (the
     * stored text starts with the type and a newline), else null.
     */
    static String filterState(WardenState state, String jail, String type) {
        String stored = state.filterStates().get(jail);
        if (stored == null || !stored.startsWith(type + "\n")) {
            return null;
        }
        return stored.substring(type.length() + 1);
    }

    /** The persisted positions of the files {@code jail} follows. */
    static List<FilePosition> of(WardenState state, String jail) {
        return state.filesOf(jail);
    }

    /** The state of these jails now, with {@code bans} as the bans to persist. */
    static WardenState snapshot(List<Ban> bans, BanHistory history, Collection<LiveJail> jails) {
        List<JailFile> files = new ArrayList<>();
        List<TrackedFailures> failures = new ArrayList<>();
        Map<String, String> filterStates = new HashMap<>();
        for (LiveJail lj : jails) {
            String saved = lj.parts().filter().saveState();
            if (saved != null) {
                filterStates.put(lj.name(), lj.parts().definition().filter().type() + "\n" + saved);
            }
            for (FilePosition p : lj.positions()) {
                files.add(new JailFile(lj.name(), p));
            }
            lj.jail().forEachTracked((address, times) -> {
                Arrays.sort(times);
                failures.add(new TrackedFailures(lj.name(), address, times));
            });
        }
        return WardenState.of(bans, history.snapshot(), files, failures, filterStates);
    }
}
