package dev.warden.core.state;

import dev.warden.core.log.FilePosition;
import dev.warden.core.log.JournalCursor;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.IpAddress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the daemon keeps across restarts: the bans in force, how often each address was banned in each
 * jail (for escalating ban times), where following each log file got to, where each jail reading the journal
 * got to, and the failures each jail is still counting. Immutable; the "with" methods return a new state.
 * Collections are unmodifiable copies and never null (the arrays inside {@link TrackedFailures} are not
 * copied, see there).
 *
 * @param formatVersion the format version of the file this was read from ({@link #CURRENT_FORMAT} for a
 *     state built in memory); {@link StateStore#save} always writes {@link #CURRENT_FORMAT}
 * @param bans the bans in force, in the order given (duplicates are kept as given)
 * @param banCounts per jail, per address, how many times the address was banned there and when the
 *     latest of those bans ended (an address with no bans has no entry)
 * @param files the position each jail reached in each file it follows
 * @param cursors per jail reading the journal, the cursor of the last entry handed to its filter (jails that
 *     follow files have none; always empty from a format before 5); each a
 *     {@linkplain JournalCursor#isValid valid cursor}
 * @param failures per jail and address, the failure times still counted (find-time not yet passed), in the
 *     order given; at most one entry per jail and address; always empty when read from format 1
 * @param filterStates per jail, its filter's multi-line state ({@code Filter.saveState()}: open OpenSMTPD
 *     sessions), opaque text; jails whose filter keeps nothing have no entry
 * @param fleet what this node of a fleet keeps ({@link FleetState#NONE} without a fleet; always NONE from a
 *     format before 5)
 * @param journaled the bans taken from the journal at load, also in {@code bans}: those applied after the
 *     state file was written, which the fleet's outbox may not have sent. Never written; empty in a state built
 *     in memory or read from the state file alone
 */
public record WardenState(int formatVersion, List<Ban> bans, Map<String, Map<IpAddress, BanCount>> banCounts,
                          List<JailFile> files, Map<String, String> cursors, List<TrackedFailures> failures,
                          Map<String, String> filterStates, FleetState fleet, List<Ban> journaled) {

    /**
     * The format version this code writes, and the newest it reads (2 added {@link #failures} and the
     * jail of each file position; 3 the end of the latest ban on {@code count} lines, so that a Warden
     * reading only 2 refuses the file as too new instead of as damaged; 4 networks such as
     * {@code 2001:db8:1:2::/64} wherever an address may stand, for jails with {@code ipv6-prefix}; 5 the
     * fleet's lines, {@link FleetState}, and the journal's {@link #cursors}).
     */
    public static final int CURRENT_FORMAT = 5;

    /** What a jail name may be made of in the state file (it is one space-separated field). */
    public static final Pattern JAIL_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private static final WardenState EMPTY = new WardenState(CURRENT_FORMAT, List.of(), Map.of(), List.of(),
            Map.of(), List.of(), Map.of(), FleetState.NONE, List.of());

    /**
     * @throws IllegalArgumentException if a jail name does not match {@link #JAIL_NAME}, a cursor is not
     *     {@linkplain JournalCursor#isValid valid}, two failure entries have the same jail and address, or the
     *     version is not between 1 and {@link #CURRENT_FORMAT}
     */
    public WardenState {
        if (formatVersion < 1 || formatVersion > CURRENT_FORMAT) {
            throw new IllegalArgumentException("unsupported state format version " + formatVersion);
        }
        bans = List.copyOf(bans);
        files = List.copyOf(files);
        cursors.forEach((jail, cursor) -> {
            checkJail(jail);
            if (!JournalCursor.isValid(cursor)) {
                throw new IllegalArgumentException("journal cursor not storable (want printable ASCII, no blank): "
                        + cursor);
            }
        });
        cursors = Map.copyOf(cursors);
        failures = List.copyOf(failures);
        filterStates.keySet().forEach(WardenState::checkJail);
        filterStates = Map.copyOf(filterStates);
        java.util.Objects.requireNonNull(fleet, "fleet");
        journaled = List.copyOf(journaled);
        checkOnePerAddress(failures);
        Map<String, Map<IpAddress, BanCount>> counts = new HashMap<>();
        banCounts.forEach((jail, perAddress) -> {
            checkJail(jail);
            perAddress.forEach((address, n) -> {
                Objects.requireNonNull(address, "address");
                Objects.requireNonNull(n, "ban count");
            });
            if (!perAddress.isEmpty()) {
                counts.put(jail, Map.copyOf(perAddress));
            }
        });
        banCounts = Map.copyOf(counts);
        for (Ban b : bans) {
            checkJail(b.jail());
        }
    }

    /** The state with nothing in it. */
    public static WardenState empty() {
        return EMPTY;
    }

    /** A state with these contents and no failures being counted, in the current format. */
    public static WardenState of(List<Ban> bans, Map<String, Map<IpAddress, BanCount>> banCounts,
                                 List<JailFile> files) {
        return of(bans, banCounts, files, List.of());
    }

    /** A state with these contents and no filter states, in the current format. */
    public static WardenState of(List<Ban> bans, Map<String, Map<IpAddress, BanCount>> banCounts,
                                 List<JailFile> files, List<TrackedFailures> failures) {
        return of(bans, banCounts, files, failures, Map.of());
    }

    /** A state with these contents, in the current format. */
    public static WardenState of(List<Ban> bans, Map<String, Map<IpAddress, BanCount>> banCounts,
                                 List<JailFile> files, List<TrackedFailures> failures, Map<String, String> filterStates) {
        return of(bans, banCounts, files, Map.of(), failures, filterStates, FleetState.NONE);
    }

    /**
     * A state with these contents, cursors and fleet part, in the current format: what a save builds in one
     * step (building it and then {@link #withCursors} and {@link #withFleet} copies and checks everything
     * again each time).
     */
    public static WardenState of(List<Ban> bans, Map<String, Map<IpAddress, BanCount>> banCounts,
                                 List<JailFile> files, Map<String, String> cursors, List<TrackedFailures> failures,
                                 Map<String, String> filterStates, FleetState fleet) {
        return new WardenState(CURRENT_FORMAT, bans, banCounts, files, cursors, failures, filterStates, fleet,
                List.of());
    }

    /** Whether there is nothing in this state. */
    public boolean isEmpty() {
        return bans.isEmpty() && banCounts.isEmpty() && files.isEmpty() && cursors.isEmpty() && failures.isEmpty()
                && filterStates.isEmpty() && fleet.isEmpty();
    }

    /** How many times {@code address} was banned in {@code jail}; 0 if never. */
    public int banCount(String jail, IpAddress address) {
        BanCount c = banCounts.getOrDefault(jail, Map.of()).get(address);
        return c == null ? 0 : c.count();
    }

    /** This state with {@code bans} in force instead of the current ones. */
    public WardenState withBans(List<Ban> bans) {
        return new WardenState(formatVersion, bans, banCounts, files, cursors, failures, filterStates, fleet,
                journaled);
    }

    /** This state with one more ban in force. */
    public WardenState withBan(Ban ban) {
        List<Ban> b = new ArrayList<>(bans);
        b.add(ban);
        return withBans(b);
    }

    /**
     * This state with the count of {@code address} in {@code jail} set to {@code count} (0 removes it),
     * the end of its latest ban unknown.
     */
    public WardenState withBanCount(String jail, IpAddress address, int count) {
        return withBanCount(jail, address, count == 0 ? null : new BanCount(count, null));
    }

    /** This state with the count of {@code address} in {@code jail} set to {@code count} (null removes it). */
    public WardenState withBanCount(String jail, IpAddress address, BanCount count) {
        Map<String, Map<IpAddress, BanCount>> counts = new HashMap<>(banCounts);
        Map<IpAddress, BanCount> perAddress = new HashMap<>(counts.getOrDefault(jail, Map.of()));
        if (count == null) {
            perAddress.remove(address);
        } else {
            perAddress.put(address, count);
        }
        counts.put(jail, perAddress);
        return new WardenState(formatVersion, bans, counts, files, cursors, failures, filterStates, fleet, journaled);
    }

    /** The positions of the files {@code jail} follows. */
    public List<FilePosition> filesOf(String jail) {
        List<FilePosition> out = new ArrayList<>();
        for (JailFile f : files) {
            if (f.belongsTo(jail)) {
                out.add(f.position());
            }
        }
        return out;
    }

    /** This state with {@code file} replacing the same jail's position of the same path (or added at the end). */
    public WardenState withFile(JailFile file) {
        List<JailFile> f = new ArrayList<>(files);
        int at = -1;
        for (int i = 0; i < f.size(); i++) {
            if (f.get(i).jail().equals(file.jail()) && f.get(i).position().path().equals(file.position().path())) {
                at = i;
                break;
            }
        }
        if (at >= 0) {
            f.set(at, file);
        } else {
            f.add(file);
        }
        return new WardenState(formatVersion, bans, banCounts, f, cursors, failures, filterStates, fleet, journaled);
    }

    /** This state with these file positions instead of the current ones. */
    public WardenState withFiles(List<JailFile> files) {
        return new WardenState(formatVersion, bans, banCounts, files, cursors, failures, filterStates, fleet,
                journaled);
    }

    /** The cursor of the journal {@code jail} reads, or null. */
    public String cursorOf(String jail) {
        return cursors.get(jail);
    }

    /** This state with these journal cursors (by jail) instead of the current ones. */
    public WardenState withCursors(Map<String, String> cursors) {
        return new WardenState(formatVersion, bans, banCounts, files, cursors, failures, filterStates, fleet,
                journaled);
    }

    /** This state with these filter states (by jail) instead of the current ones. */
    public WardenState withFilterStates(Map<String, String> filterStates) {
        return new WardenState(formatVersion, bans, banCounts, files, cursors, failures, filterStates, fleet,
                journaled);
    }

    /** This state with this fleet part instead of the current one. */
    public WardenState withFleet(FleetState fleet) {
        return new WardenState(formatVersion, bans, banCounts, files, cursors, failures, filterStates, fleet,
                journaled);
    }

    /** This state with these failures being counted instead of the current ones. */
    public WardenState withFailures(List<TrackedFailures> failures) {
        return new WardenState(formatVersion, bans, banCounts, files, cursors, failures, filterStates, fleet,
                journaled);
    }

    private static void checkOnePerAddress(List<TrackedFailures> failures) {
        Map<String, Set<IpAddress>> seen = new HashMap<>();
        for (TrackedFailures t : failures) {
            if (!seen.computeIfAbsent(t.jail(), j -> new HashSet<>()).add(t.address())) {
                throw new IllegalArgumentException("failures tracked twice for " + t.jail() + " " + t.address());
            }
        }
    }

    /** @throws IllegalArgumentException if {@code jail} is null or does not match {@link #JAIL_NAME} */
    static void checkJail(String jail) {
        if (!storable(jail)) {
            throw new IllegalArgumentException("jail name not storable (want [A-Za-z0-9._-]+): " + jail);
        }
    }

    /**
     * Whether {@code jail} matches {@link #JAIL_NAME}, by a scan of its chars: a save checks the jail of
     * every tracked failure, and a {@code Matcher} each was a fifth of the daemon's save.
     */
    private static boolean storable(String jail) {
        if (jail == null || jail.isEmpty()) {
            return false;
        }
        for (int i = 0; i < jail.length(); i++) {
            char c = jail.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
