package dev.warden.core.daemon;

import dev.warden.core.engine.BanHistory;
import dev.warden.core.log.FilePosition;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.state.FleetState;
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

    /** Gives the jail's filter its saved state, if a filter of the same type saved one (a failure is logged). */
    static void restoreFilter(JailParts p, WardenState state) {
        String saved = filterState(state, p.name(), p.definition().filter().type());
        if (saved == null) {
            return;
        }
        try {
            p.filter().restoreState(saved);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Engine.class).warn("[{}] filter {} could not restore its saved state: {}",
                    p.name(), p.definition().filter().type(), e.toString());
        }
    }

    /** The state of these jails now, with {@code bans} as the bans to persist and {@code fleet} as the fleet's part. */
    static WardenState snapshot(List<Ban> bans, BanHistory history, Collection<LiveJail> jails, FleetState fleet) {
        List<JailFile> files = new ArrayList<>();
        Map<String, String> cursors = new HashMap<>();
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
            String cursor = lj.cursor();
            if (cursor != null) {
                cursors.put(lj.name(), cursor);
            }
            lj.jail().forEachTracked((address, times, weights) -> failures.add(ascending(lj.name(), address, times,
                    weights)));
        }
        return WardenState.of(bans, history.snapshot(), files, cursors, failures, filterStates, fleet);
    }

    /** The failures in ascending time order (a window holds them in counting order, which logs can disturb). */
    private static TrackedFailures ascending(String jail, IpAddress address, long[] times, int[] weights) {
        boolean sorted = true;
        for (int i = 1; i < times.length && sorted; i++) {
            sorted = times[i - 1] <= times[i];
        }
        if (sorted) {
            return new TrackedFailures(jail, address, times, weights);
        }
        Integer[] order = new Integer[times.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b]));
        long[] t = new long[times.length];
        int[] w = weights == null ? null : new int[times.length];
        for (int i = 0; i < order.length; i++) {
            t[i] = times[order[i]];
            if (w != null) {
                w[i] = weights[order[i]];
            }
        }
        return new TrackedFailures(jail, address, t, w);
    }
}
