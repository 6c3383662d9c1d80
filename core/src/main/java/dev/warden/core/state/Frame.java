package dev.warden.core.state;

import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One frame of checked lines: the framing that the state file ({@link StateFormat}) and the ban journal
 * ({@link BanJournal}) share. On disk a frame is zero or more UTF-8 lines, each ending in {@code \n}, closed
 * by a trailer line
 *
 * <pre>
 * WORD LINES CRC32C
 * </pre>
 *
 * where {@code WORD} names the trailer ({@code end} in the state file, {@code commit} in the journal; no line
 * of the frame starts with it and a space), {@code LINES} is the number of lines before the trailer in the
 * frame, and {@code CRC32C} (8 lowercase hex digits, see {@link #checksum}) covers their bytes, newlines
 * included. A frame torn by a crash has no trailer and one altered afterwards has a trailer that does not
 * match it, so neither is believed. {@link FrameWriter} writes a frame, {@link FrameReader} reads frames back
 * and says why it stopped ({@link FrameStop}).
 *
 * @param lines the frame's lines, decoded, without their newlines; never null, may be empty
 * @param firstLine the 1-based number, in the whole file, of the frame's first line (of its trailer when the
 *     frame has no lines)
 */
record Frame(List<String> lines, int firstLine) {

    private static final HexFormat HEX = HexFormat.of();

    Frame {
        lines = List.copyOf(lines);
    }

    /** The 1-based number, in the whole file, of the frame's trailer line. */
    int trailerLine() {
        return firstLine + lines.size();
    }

    /**
     * The CRC32C of {@code length} bytes of {@code b} from {@code from}, as 8 lowercase hex digits. Not with
     * {@code String.format}: its format parsing was most of a daemon's checksum time (every save and every
     * journal block has one; docs/performance.md, issue 17).
     */
    static String checksum(byte[] b, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(b, from, length);
        return HEX.toHexDigits((int) crc.getValue());
    }
}
