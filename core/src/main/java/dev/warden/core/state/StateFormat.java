package dev.warden.core.state;

import dev.warden.core.log.FilePosition;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.IpAddress;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The text form of a {@link WardenState}: UTF-8 lines, each ending in {@code \n}.
 *
 * <pre>
 * warden-state 3
 * ban JAIL ADDRESS START END FAILURES automatic|manual
 * count JAIL ADDRESS N LAST-END                            (LAST-END absent: written before it was kept)
 * file JAIL DEV:INO OFFSET FINGERPRINT/LENGTH PATH      (JAIL * = any jail; format 1: no JAIL)
 * fail JAIL ADDRESS T1,T2*W2,...                         (*W: weight in thousandths when not 1000)
 * filter JAIL BASE64                                    (the jail's filter state, URL-safe, unpadded)
 * end LINES CRC32C
 * </pre>
 *
 * Instants are ISO-8601 ({@link Instant#toString()}); the path is last and may contain spaces (see
 * {@link FilePosition#toText()}). A {@code count} line holds how often an address was banned in a jail and
 * when the latest of those bans ended ({@link BanCount}); files written before that end was kept have
 * only the first three fields, which still read (with the end unknown, see {@link BanCount#lastEnd()}),
 * so adding it did not change the format version. A {@code fail} line holds the failure times a jail still counts for
 * one address ({@link TrackedFailures}): epoch milliseconds, ascending, separated by commas; at most one
 * line per jail and address. {@code LINES} counts the lines before the end line (the header included)
 * and {@code CRC32C} (8 hex digits) covers their bytes, newlines included, so a torn or altered file is
 * detected as a whole before any line is believed; a line that does not parse rejects the whole file
 * ({@link CorruptStateException} naming the line). Stateless.
 *
 * <p>Format 2 is the same with {@code count} lines that may lack their end; format 1 also without
 * {@code fail} lines (a {@code fail} line in it is rejected). Both are still read, and the next save
 * writes format 3. A file from a newer format is refused as such, naming its version.
 */
final class StateFormat {

    static final String HEADER = "warden-state";

    private StateFormat() {
    }

    /**
     * The file contents for {@code state}, always in {@link WardenState#CURRENT_FORMAT}. Every line is
     * appended to one builder, with no formatting per line, so that large states stay cheap to save
     * (100,000 {@code fail} lines and 10,000 bans: some tens of milliseconds).
     */
    static byte[] write(WardenState state) {
        StringBuilder body = new StringBuilder(capacity(state));
        int lines = 1;
        body.append(HEADER).append(' ').append(WardenState.CURRENT_FORMAT).append('\n');
        for (Ban b : state.bans()) {
            appendBan(body, b);
            lines++;
        }
        List<String> jails = new ArrayList<>(state.banCounts().keySet());
        jails.sort(Comparator.naturalOrder());
        for (String jail : jails) {
            List<Map.Entry<IpAddress, BanCount>> entries = new ArrayList<>(state.banCounts().get(jail).entrySet());
            entries.sort(Map.Entry.comparingByKey());
            for (Map.Entry<IpAddress, BanCount> e : entries) {
                BanCount c = e.getValue();
                body.append("count ").append(jail).append(' ').append(e.getKey()).append(' ').append(c.count());
                if (c.lastEnd() != null) {
                    body.append(' ').append(c.lastEnd());
                }
                body.append('\n');
                lines++;
            }
        }
        for (JailFile f : state.files()) {
            body.append("file ").append(f.jail().isEmpty() ? "*" : f.jail()).append(' ').append(f.position().toText()).append('\n');
            lines++;
        }
        for (TrackedFailures t : state.failures()) {
            body.append("fail ").append(t.jail()).append(' ').append(t.address()).append(' ');
            long[] times = t.times();
            int[] weights = t.weights();
            for (int i = 0; i < times.length; i++) {
                if (i > 0) {
                    body.append(',');
                }
                body.append(times[i]);
                if (weights != null && weights[i] != 1000) {
                    body.append('*').append(weights[i]);
                }
            }
            body.append('\n');
            lines++;
        }
        List<String> withState = new ArrayList<>(state.filterStates().keySet());
        withState.sort(Comparator.naturalOrder());
        for (String jail : withState) {
            body.append("filter ").append(jail).append(' ').append(java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(state.filterStates().get(jail).getBytes(StandardCharsets.UTF_8))).append('\n');
            lines++;
        }
        byte[] head = body.toString().getBytes(StandardCharsets.UTF_8);
        byte[] end = ("end " + lines + " " + crcText(head, head.length) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + end.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(end, 0, all, head.length, end.length);
        return all;
    }

    /** Appends {@code ban JAIL ADDRESS START END FAILURES ORIGIN} and its newline (the journal's line too). */
    static void appendBan(StringBuilder out, Ban b) {
        out.append("ban ").append(b.jail()).append(' ').append(b.address()).append(' ').append(b.start())
                .append(' ').append(b.end()).append(' ').append(b.failures()).append(' ')
                .append(b.origin().name().toLowerCase(Locale.ROOT)).append('\n');
    }

    /** A guess of the text's length, so that the builder grows rarely. */
    private static int capacity(WardenState state) {
        long n = 128 + 96L * (state.bans().size() + state.files().size());
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
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < content.length) {
            int nl = indexOf(content, (byte) '\n', start);
            int number = lines.size() + 1;
            if (nl < 0) {
                throw new CorruptStateException(file, number, "truncated: last line has no newline and no end line follows");
            }
            String line = decode(content, start, nl, file, number);
            if (number == 1 && !line.startsWith(HEADER + " ")) {
                throw notStateFile(line, file);
            }
            if (line.startsWith("end ")) {
                checkEnd(line, lines.size(), content, start, file, number);
                if (nl + 1 != content.length) {
                    throw new CorruptStateException(file, number + 1, "data after the end line");
                }
                if (lines.isEmpty()) {
                    throw new CorruptStateException(file, 1, "no header line");
                }
                return lines;
            }
            lines.add(line);
            start = nl + 1;
        }
        throw new CorruptStateException(file, lines.size() + 1,
                "truncated: no end line after line " + lines.size() + " (torn write?)");
    }

    private static void checkEnd(String line, int expectedLines, byte[] content, int bodyLength, Path file, int number)
            throws CorruptStateException {
        String[] f = line.split(" ", -1);
        if (f.length != 3 || !f[1].equals(Integer.toString(expectedLines))) {
            throw new CorruptStateException(file, number, "end line says '" + abbreviate(line) + "' but "
                    + expectedLines + " lines precede it");
        }
        String actual = crcText(content, bodyLength);
        if (!f[2].equals(actual)) {
            throw new CorruptStateException(file, number, "checksum mismatch (end line says " + abbreviate(f[2])
                    + ", contents give " + actual + "): the file was altered or damaged");
        }
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

    private static String decode(byte[] b, int from, int to, Path file, int number) throws CorruptStateException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CorruptStateException(file, number, "not valid UTF-8");
        }
    }

    private static int indexOf(byte[] b, byte c, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    static String crcText(byte[] b, int length) {
        return crcText(b, 0, length);
    }

    /** The CRC32C of {@code length} bytes of {@code b} from {@code from}, as 8 hex digits. */
    static String crcText(byte[] b, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(b, from, length);
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }

    /** {@code s}, cut to 80 characters for a message. */
    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
