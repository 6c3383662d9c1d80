package dev.warden.core.state;

import dev.warden.core.log.FilePosition;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.IpAddress;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text form of a {@link WardenState}: UTF-8 lines, each ending in {@code \n}.
 *
 * <pre>
 * warden-state 5
 * ban JAIL ADDRESS START END FAILURES automatic|manual
 * count JAIL ADDRESS N LAST-END                            (LAST-END absent: written before it was kept)
 * file JAIL DEV:INO OFFSET FINGERPRINT/LENGTH PATH      (JAIL * = any jail; format 1: no JAIL)
 * cursor JAIL CURSOR                                    (the journal's cursor; at most one per jail)
 * fail JAIL ADDRESS T1,T2*W2,...                         (*W: weight in thousandths when not 1000)
 * filter JAIL BASE64                                    (the jail's filter state, URL-safe, unpadded)
 * fleet-position STREAM-ID STREAM                       (the last stream entry applied; at most one)
 * fleet-held NODE JAIL ADDRESS START END FAILURES       (another node's ban held here)
 * fleet-waiting ban|unban NODE JAIL ADDRESS START END FAILURES   (this node's, not yet taken by Redis)
 * end LINES CRC32C
 * </pre>
 *
 * Instants are ISO-8601 ({@link Instant#toString()}); the path is last and may contain spaces (see
 * {@link FilePosition#toText()}). A {@code count} line holds how often an address was banned in a jail and
 * when the latest of those bans ended ({@link BanCount}); files written before that end was kept have
 * only the first three fields, which still read (with the end unknown, see {@link BanCount#lastEnd()}),
 * so adding it did not change the format version. A {@code fail} line holds the failure times a jail still counts for
 * one address ({@link TrackedFailures}): epoch milliseconds, ascending, separated by commas; at most one
 * line per jail and address. A {@code cursor} line holds where a jail reading the journal got to: the
 * {@code __CURSOR} of the last entry handed to its filter, printable ASCII without a blank
 * ({@link dev.warden.core.log.JournalCursor}); a jail that follows files has none, and a jail reading the
 * journal has no {@code file} line. Format-5 files written before the {@code cursor} line kept the cursor as
 * {@code file JAIL 0:0 0 0/0 journal:CURSOR}, which still reads as that jail's cursor (never as a file
 * position). The whole file is one {@link Frame} closed by the end line: {@code LINES} counts the lines
 * before it (the header included) and {@code CRC32C} (8 hex digits) covers their bytes, newlines included,
 * so a torn or altered file is detected as a whole before any line is believed; a line that does not parse
 * rejects the whole file ({@link CorruptStateException} naming the line). Stateless.
 *
 * <p>An ADDRESS is an address or, for a jail that counts and bans by prefix, a network in CIDR notation
 * ({@code 2001:db8:1:2::/64}; an address is never written with its full length).
 *
 * <p>The {@code fleet-} lines are a node's {@link FleetState}: {@code STREAM} is last and may hold spaces;
 * {@code fleet-waiting} lines are in the order they are to be sent. Format 4 is the same without them and
 * without {@code cursor} lines (a {@code fleet-} or {@code cursor} line in it is rejected): a node upgraded
 * from it catches up from the bans in force once.
 * Format 3 is also without networks (a network in it is rejected); format 2 also with {@code count}
 * lines that may lack their end; format 1 also without {@code fail} lines (a {@code fail} line in it is
 * rejected). All are still read, and the next save writes format 5. A file from a newer format is refused
 * as such, naming its version.
 */
final class StateFormat {

    static final String HEADER = "warden-state";
    /** The first word of the end line, the trailer of the file's one {@link Frame}. */
    static final String END = "end";

    private StateFormat() {
    }

    /**
     * The file contents for {@code state}, always in {@link WardenState#CURRENT_FORMAT}. Every line is
     * appended to one builder, with no formatting per line, so that large states stay cheap to save
     * (100,000 {@code fail} lines and 10,000 bans: some tens of milliseconds).
     */
    static byte[] write(WardenState state) {
        FrameWriter out = new FrameWriter(END, capacity(state));
        out.append(HEADER).append(' ').append(WardenState.CURRENT_FORMAT).endLine();
        for (Ban b : state.bans()) {
            appendBan(out, b);
        }
        List<String> jails = new ArrayList<>(state.banCounts().keySet());
        jails.sort(Comparator.naturalOrder());
        for (String jail : jails) {
            List<Map.Entry<IpAddress, BanCount>> entries = new ArrayList<>(state.banCounts().get(jail).entrySet());
            entries.sort(Map.Entry.comparingByKey());
            for (Map.Entry<IpAddress, BanCount> e : entries) {
                BanCount c = e.getValue();
                out.append("count ").append(jail).append(' ').append(e.getKey()).append(' ').append(c.count());
                if (c.lastEnd() != null) {
                    out.append(' ').append(c.lastEnd());
                }
                out.endLine();
            }
        }
        for (JailFile f : state.files()) {
            out.append("file ").append(f.jail().isEmpty() ? "*" : f.jail()).append(' ').append(f.position().toText())
                    .endLine();
        }
        List<String> reading = new ArrayList<>(state.cursors().keySet());
        reading.sort(Comparator.naturalOrder());
        for (String jail : reading) {
            out.append("cursor ").append(jail).append(' ').append(state.cursors().get(jail)).endLine();
        }
        for (TrackedFailures t : state.failures()) {
            out.append("fail ").append(t.jail()).append(' ').append(t.address()).append(' ');
            long[] times = t.times();
            int[] weights = t.weights();
            for (int i = 0; i < times.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(times[i]);
                if (weights != null && weights[i] != 1000) {
                    out.append('*').append(weights[i]);
                }
            }
            out.endLine();
        }
        List<String> withState = new ArrayList<>(state.filterStates().keySet());
        withState.sort(Comparator.naturalOrder());
        for (String jail : withState) {
            out.append("filter ").append(jail).append(' ').append(java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(state.filterStates().get(jail).getBytes(StandardCharsets.UTF_8))).endLine();
        }
        appendFleet(out, state.fleet());
        return out.bytes();
    }

    /** Appends {@code ban JAIL ADDRESS START END FAILURES ORIGIN} as one line (the journal's line too). */
    static void appendBan(FrameWriter out, Ban b) {
        out.append("ban ").append(b.jail()).append(' ').append(b.address()).append(' ').append(b.start())
                .append(' ').append(b.end()).append(' ').append(b.failures()).append(' ')
                .append(b.origin().name().toLowerCase(Locale.ROOT)).endLine();
    }

    private static void appendFleet(FrameWriter out, FleetState fleet) {
        if (fleet.stream() != null) {
            out.append("fleet-position ").append(fleet.position()).append(' ').append(fleet.stream()).endLine();
        }
        for (dev.warden.core.fleet.FleetEntry e : fleet.held()) {
            appendEntry(out.append("fleet-held "), e);
        }
        for (dev.warden.core.fleet.FleetEntry e : fleet.waiting()) {
            appendEntry(out.append("fleet-waiting ").append(e.op() == dev.warden.core.fleet.FleetEntry.Op.BAN
                    ? "ban " : "unban "), e);
        }
    }

    private static void appendEntry(FrameWriter out, dev.warden.core.fleet.FleetEntry e) {
        out.append(e.node()).append(' ').append(e.jail()).append(' ').append(e.address()).append(' ')
                .append(e.start()).append(' ').append(e.end()).append(' ').append(e.failures()).endLine();
    }

    /** A guess of the text's length, so that the builder grows rarely. */
    private static int capacity(WardenState state) {
        long n = 128 + 96L * (state.bans().size() + state.files().size() + state.cursors().size()
                + state.fleet().held().size() + state.fleet().waiting().size());
        for (TrackedFailures t : state.failures()) {
            n += 48 + 14L * t.times().length;
        }
        return (int) Math.min(n, Integer.MAX_VALUE - 16);
    }

    /**
     * Reads {@link #write}'s output.
     *
     * @param file named in errors only
     * @throws CorruptStateException naming {@code file} and the line, if the contents are torn, altered,
     *     from a newer format, or do not parse
     */
    static WardenState read(byte[] content, Path file) throws CorruptStateException {
        List<String> lines = checkedLines(content, file);
        int version = parseHeader(lines.get(0), file);
        StateRecordReader records = new StateRecordReader(version);
        for (int i = 1; i < lines.size(); i++) {
            try {
                records.add(lines.get(i));
            } catch (RuntimeException e) {
                throw new CorruptStateException(file, i + 1, e.getMessage());
            }
        }
        try {
            return records.state();
        } catch (IllegalArgumentException e) {
            throw new CorruptStateException(file, 1, e.getMessage());
        }
    }

    /** The lines before the end line, decoded, after checking line count and checksum. */
    private static List<String> checkedLines(byte[] content, Path file) throws CorruptStateException {
        if (content.length == 0) {
            throw new CorruptStateException(file, 1, "empty file (torn write?)");
        }
        FrameReader in = new FrameReader(content, 0, 1, END);
        String first = in.peekLine();
        if (first != null && !first.startsWith(HEADER + " ")) {
            throw notStateFile(first, file); // before the framing: a foreign file is named as such, torn or not
        }
        Frame frame = in.next();
        if (frame == null) {
            throw corrupt(in.stop(), file);
        }
        if (in.position() != content.length) {
            throw new CorruptStateException(file, frame.trailerLine() + 1, "data after the end line");
        }
        return frame.lines();
    }

    /** Why the file's one frame was not believed, in this file's words. */
    private static CorruptStateException corrupt(FrameStop stop, Path file) {
        String problem = switch (stop.reason()) {
            case PARTIAL_LINE -> "truncated: last line has no newline and no end line follows";
            case NO_TRAILER -> "truncated: no end line after line " + (stop.line() - 1) + " (torn write?)";
            case BAD_COUNT -> "end line says '" + abbreviate(stop.trailer()) + "' but " + stop.frameLines()
                    + " lines precede it";
            case BAD_CHECKSUM -> "checksum mismatch (end line says " + abbreviate(stop.trailer().split(" ", -1)[2])
                    + ", contents give " + stop.checksum() + "): the file was altered or damaged";
            case NOT_UTF8 -> "not valid UTF-8";
        };
        return new CorruptStateException(file, stop.line(), problem);
    }

    private static int parseHeader(String line, Path file) throws CorruptStateException {
        String[] f = line.split(" ", -1);
        if (f.length != 2 || !f[0].equals(HEADER)) {
            throw notStateFile(line, file);
        }
        int version;
        try {
            version = Integer.parseInt(f[1]);
        } catch (NumberFormatException e) {
            throw new CorruptStateException(file, 1, "bad format version '" + abbreviate(f[1]) + "'");
        }
        if (version < 1 || version > WardenState.CURRENT_FORMAT) {
            throw new CorruptStateException(file, 1, "format version " + version + " is not readable by this Warden"
                    + " (reads 1 to " + WardenState.CURRENT_FORMAT + "; written by a newer version?)");
        }
        return version;
    }

    private static CorruptStateException notStateFile(String line, Path file) {
        return new CorruptStateException(file, 1, "not a Warden state file (want '" + HEADER + " N', got '"
                + abbreviate(line) + "')");
    }

    /** The CRC32C of the first {@code length} bytes of {@code b}, as 8 hex digits (see {@link Frame#checksum}). */
    static String crcText(byte[] b, int length) {
        return Frame.checksum(b, 0, length);
    }

    /** {@code s}, cut to 80 characters for a message. */
    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
