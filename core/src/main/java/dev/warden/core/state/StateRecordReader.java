package dev.warden.core.state;

import dev.warden.core.fleet.FleetEntry;
import dev.warden.core.log.FilePosition;
import dev.warden.core.log.JournalCursor;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.IpAddress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.warden.core.state.StateFormat.abbreviate;

/**
 * Reads the record lines of one state file ({@code ban}, {@code count}, {@code file}, {@code cursor},
 * {@code fail}, ...; see {@link StateFormat}), one at a time, into the parts of a {@link WardenState}. Each line
 * is checked alone and against the lines before it (a second {@code count} or {@code fail} line for one jail and
 * address, a second cursor for one jail). One instance per file read; not thread-safe.
 */
final class StateRecordReader {

    /** The path of a {@code file} line that held a journal cursor before the {@code cursor} line. */
    private static final String OLD_CURSOR = "journal:";

    private final int version;
    private final List<Ban> bans = new ArrayList<>();
    private final Map<String, Map<IpAddress, BanCount>> counts = new HashMap<>();
    private final List<JailFile> files = new ArrayList<>();
    private final Map<String, String> cursors = new HashMap<>();
    private final List<TrackedFailures> failures = new ArrayList<>();
    private final Map<String, Set<IpAddress>> tracked = new HashMap<>();
    private final Map<String, String> filterStates = new HashMap<>();
    private String fleetStream;
    private String fleetPosition;
    private final List<FleetEntry> fleetHeld = new ArrayList<>();
    private final List<FleetEntry> fleetWaiting = new ArrayList<>();

    /** @param version the file's format version, from its header */
    StateRecordReader(int version) {
        this.version = version;
    }

    /**
     * Reads one record line.
     *
     * @throws IllegalArgumentException (or another runtime exception) saying, for an operator, what is
     *     wrong with the line
     */
    void add(String line) {
        if (line.startsWith("ban ")) {
            bans.add(parseBan(line, version >= 4));
        } else if (line.startsWith("count ")) {
            addCount(line);
        } else if (line.startsWith("file ")) {
            addFile(line.substring(5));
        } else if (line.startsWith("cursor ")) {
            addCursor(line);
        } else if (line.startsWith("fail ")) {
            addFailures(line);
        } else if (line.startsWith("filter ")) {
            addFilterState(line);
        } else if (line.startsWith("fleet-")) {
            addFleet(line);
        } else {
            throw new IllegalArgumentException("unknown record: " + abbreviate(line));
        }
    }

    /**
     * The state of the lines read.
     *
     * @throws IllegalArgumentException if the lines together do not make a valid state
     */
    WardenState state() {
        return new WardenState(version, bans, counts, files, cursors, failures, filterStates,
                new FleetState(fleetStream, fleetPosition, fleetHeld, fleetWaiting), List.of());
    }

    /** The {@code fleet-position}, {@code fleet-held} and {@code fleet-waiting} lines (see {@link FleetState}). */
    private void addFleet(String line) {
        if (version < 5) {
            throw new IllegalArgumentException("fleet lines need format 5 or later, the header says " + version);
        }
        if (line.startsWith("fleet-position ")) {
            String[] f = line.split(" ", 3);
            if (f.length != 3 || f[1].isEmpty() || f[2].isEmpty()) {
                throw new IllegalArgumentException("want fleet-position STREAM-ID STREAM: " + abbreviate(line));
            }
            if (fleetStream != null) {
                throw new IllegalArgumentException("a second fleet-position line");
            }
            checkStreamId(f[1]);
            fleetPosition = f[1];
            fleetStream = f[2];
        } else if (line.startsWith("fleet-held ")) {
            fleetHeld.add(entry(FleetEntry.Op.BAN, fields(line, 7), 1));
        } else if (line.startsWith("fleet-waiting ")) {
            String[] f = fields(line, 8);
            FleetEntry.Op op = switch (f[1]) {
                case "ban" -> FleetEntry.Op.BAN;
                case "unban" -> FleetEntry.Op.UNBAN;
                default -> throw new IllegalArgumentException("want ban or unban: " + abbreviate(f[1]));
            };
            fleetWaiting.add(entry(op, f, 2));
        } else {
            throw new IllegalArgumentException("unknown record: " + abbreviate(line));
        }
    }

    /** {@code NODE JAIL ADDRESS START END FAILURES} from {@code f[at]} on. */
    private static FleetEntry entry(FleetEntry.Op op, String[] f, int at) {
        if (!FleetEntry.NODE.matcher(f[at]).matches()) {
            throw new IllegalArgumentException("bad node name: " + abbreviate(f[at]));
        }
        Instant start = instant(f[at + 3]);
        Instant end = instant(f[at + 4]);
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a fleet ban must end after it starts: " + f[at + 4]);
        }
        int failures = Integer.parseInt(f[at + 5]);
        if (failures < 0) {
            throw new IllegalArgumentException("negative failures: " + failures);
        }
        return new FleetEntry(op, address(f[at + 2], true), jail(f[at + 1]), f[at], start, end, failures);
    }

    /** {@code MILLIS-SEQ}, both decimal. */
    private static void checkStreamId(String id) {
        int dash = id.indexOf('-');
        if (dash <= 0 || dash == id.length() - 1 || id.length() > 41
                || !id.chars().allMatch(c -> c == '-' || c >= '0' && c <= '9') || id.indexOf('-', dash + 1) >= 0) {
            throw new IllegalArgumentException("bad stream id (want MILLIS-SEQ): " + abbreviate(id));
        }
    }

    /** {@code count JAIL ADDRESS N [LAST-END]}: the end is absent in files written before it was kept. */
    private void addCount(String line) {
        String[] f = line.split(" ", -1);
        if (f.length != 4 && f.length != 5) {
            throw new IllegalArgumentException("want 4 or 5 space-separated fields, got " + f.length + ": "
                    + abbreviate(line));
        }
        IpAddress address = address(f[2], version >= 4);
        int n = Integer.parseInt(f[3]);
        if (n < 1) {
            throw new IllegalArgumentException("ban count must be at least 1: " + n);
        }
        Instant lastEnd = f.length == 5 ? instant(f[4]) : null;
        BanCount previous = counts.computeIfAbsent(jail(f[1]), j -> new HashMap<>()).put(address,
                new BanCount(n, lastEnd));
        if (previous != null) {
            throw new IllegalArgumentException("a second count for " + f[1] + " " + address);
        }
    }

    private void addFailures(String line) {
        if (version < 2) {
            throw new IllegalArgumentException("fail lines need format 2 or later, the header says " + version);
        }
        String[] f = fields(line, 4);
        long[] times = new long[1 + count(f[3], ',')];
        int[] weights = timesAndWeights(f[3], times);
        TrackedFailures t = new TrackedFailures(jail(f[1]), address(f[2], version >= 4), times, weights);
        if (!tracked.computeIfAbsent(t.jail(), j -> new HashSet<>()).add(t.address())) {
            throw new IllegalArgumentException("a second fail line for " + t.jail() + " " + t.address());
        }
        failures.add(t);
    }

    /** {@code filter JAIL TEXT}: TEXT is the filter's state in URL-safe Base64 of its UTF-8 bytes, unpadded. */
    private void addFilterState(String line) {
        if (version < 2) {
            throw new IllegalArgumentException("filter lines need format 2 or later, the header says " + version);
        }
        String[] f = fields(line, 3);
        String text;
        try {
            text = new String(java.util.Base64.getUrlDecoder().decode(f[2]), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("filter state is not Base64: " + abbreviate(f[2]));
        }
        if (filterStates.put(jail(f[1]), text) != null) {
            throw new IllegalArgumentException("a second filter line for " + f[1]);
        }
    }

    /**
     * A {@code ban JAIL ADDRESS START END FAILURES ORIGIN} line (also the journal's).
     *
     * @param networks whether ADDRESS may be a network ({@code 2001:db8:1:2::/64}): from format 4 on
     */
    static Ban parseBan(String line, boolean networks) {
        String[] f = fields(line, 7);
        Ban.Origin origin = switch (f[6]) {
            case "automatic" -> Ban.Origin.AUTOMATIC;
            case "manual" -> Ban.Origin.MANUAL;
            default -> throw new IllegalArgumentException("origin must be automatic or manual: " + abbreviate(f[6]));
        };
        return new Ban(jail(f[1]), address(f[2], networks), instant(f[3]), instant(f[4]), Integer.parseInt(f[5]),
                origin);
    }

    /** Comma-separated epoch milliseconds (the order is checked by {@link TrackedFailures}). */
    /**
     * Reads {@code T1,T2*W2,...} into {@code t}; returns the weights (thousandths), or null when none is
     * given (every failure weighs 1000).
     */
    private static int[] timesAndWeights(String text, long[] t) {
        int[] w = null;
        int from = 0;
        for (int i = 0; i < t.length; i++) {
            int comma = text.indexOf(',', from);
            int to = comma < 0 ? text.length() : comma;
            int star = text.indexOf('*', from);
            int timeEnd = star >= 0 && star < to ? star : to;
            try {
                t[i] = Long.parseLong(text, from, timeEnd, 10);
                if (timeEnd < to) {
                    if (w == null) {
                        w = new int[t.length];
                        java.util.Arrays.fill(w, 1000);
                    }
                    w[i] = Integer.parseInt(text, timeEnd + 1, to, 10);
                    if (w[i] < 0) {
                        throw new NumberFormatException("negative");
                    }
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad failure time '" + abbreviate(text.substring(from, to))
                        + "' (want epoch milliseconds, each with an optional *WEIGHT, separated by commas)", e);
            }
            from = to + 1;
        }
        return w;
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    private static String[] fields(String line, int n) {
        String[] f = line.split(" ", -1);
        if (f.length != n) {
            throw new IllegalArgumentException("want " + n + " space-separated fields, got " + f.length + ": "
                    + abbreviate(line));
        }
        return f;
    }

    private static String jail(String s) {
        if (!WardenState.JAIL_NAME.matcher(s).matches()) {
            throw new IllegalArgumentException("bad jail name: " + abbreviate(s));
        }
        return s;
    }

    /** An address, or with {@code networks} also a network; a network before format 4 is refused as such. */
    private static IpAddress address(String s, boolean networks) {
        IpAddress a = IpAddress.parseNetwork(s).orElseThrow(() -> new IllegalArgumentException("bad address: "
                + abbreviate(s)));
        if (a.isNetwork() && !networks) {
            throw new IllegalArgumentException("a network (" + a + ") needs format 4 or later");
        }
        return a;
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad instant (want ISO-8601 like 2026-11-07T12:00:00Z): "
                    + abbreviate(s), e);
        }
    }

    /**
     * {@code JAIL POSITION} (format 2) or {@code POSITION} (format 1, any jail). In format 5, a position whose
     * path is {@code journal:CURSOR} is the jail's journal cursor: how builds before the {@code cursor} line kept
     * it.
     */
    private void addFile(String rest) {
        if (version < 2) {
            files.add(new JailFile("", FilePosition.parse(rest)));
            return;
        }
        int space = rest.indexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("file line needs a jail and a position");
        }
        String jail = rest.substring(0, space);
        FilePosition p = FilePosition.parse(rest.substring(space + 1));
        String path = p.path().toString();
        if (version >= 5 && path.startsWith(OLD_CURSOR)) {
            if (jail.equals("*")) {
                throw new IllegalArgumentException("a journal cursor needs a jail: " + abbreviate(path));
            }
            putCursor(jail, path.substring(OLD_CURSOR.length()));
            return;
        }
        files.add(new JailFile(jail.equals("*") ? "" : jail, p));
    }

    /** {@code cursor JAIL CURSOR}: where the journal the jail reads got to (format 5). */
    private void addCursor(String line) {
        if (version < 5) {
            throw new IllegalArgumentException("cursor lines need format 5 or later, the header says " + version);
        }
        String[] f = line.split(" ", -1);
        if (f.length != 3) {
            throw new IllegalArgumentException("want cursor JAIL CURSOR (a cursor has no blank), got " + f.length
                    + " fields: " + abbreviate(line));
        }
        putCursor(jail(f[1]), f[2]);
    }

    private void putCursor(String jail, String cursor) {
        if (!JournalCursor.isValid(cursor)) {
            throw new IllegalArgumentException("bad journal cursor (want printable ASCII, no blank): "
                    + abbreviate(cursor));
        }
        if (cursors.put(jail(jail), cursor) != null) {
            throw new IllegalArgumentException("a second journal cursor for " + jail);
        }
    }
}
