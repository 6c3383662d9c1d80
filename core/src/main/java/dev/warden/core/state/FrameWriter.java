package dev.warden.core.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one {@link Frame}: text is appended line by line as UTF-8 bytes into one array, with no formatting
 * per line (a state of 100,000 lines is one array), and {@link #bytes} closes it with its trailer. The
 * appended text must not contain {@code \n}: lines end with {@link #endLine}, which is what the trailer counts.
 * ASCII text and numbers are written byte by byte, so a save makes one working array and the result, not a
 * builder, a string and two copies of its bytes (the daemon saves every {@code save-interval}; those copies
 * were a large part of its garbage). One instance per frame; not thread-safe.
 */
final class FrameWriter {

    private final String word;
    private byte[] buf;
    private int length;
    private int lines;

    /**
     * @param word the trailer's first word ({@code end}, {@code commit})
     * @param capacity a guess of the frame's length in bytes, so that the array grows rarely
     */
    FrameWriter(String word, int capacity) {
        this.word = word;
        this.buf = new byte[Math.max(64, capacity)];
    }

    FrameWriter append(String s) {
        int n = s.length();
        ensure(n);
        int at = length;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return appendUtf8(s);
            }
            buf[at++] = (byte) c;
        }
        length = at;
        return this;
    }

    private FrameWriter appendUtf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ensure(b.length);
        System.arraycopy(b, 0, buf, length, b.length);
        length += b.length;
        return this;
    }

    FrameWriter append(char c) {
        if (c >= 0x80) {
            return appendUtf8(String.valueOf(c));
        }
        ensure(1);
        buf[length++] = (byte) c;
        return this;
    }

    FrameWriter append(long n) {
        if (n == Long.MIN_VALUE) {
            return append(Long.toString(n));
        }
        ensure(20);
        long v = n;
        if (v < 0) {
            buf[length++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        for (int i = length + digits - 1; i >= length; i--) {
            buf[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        length += digits;
        return this;
    }

    /** Appends {@code String.valueOf(o)}. */
    FrameWriter append(Object o) {
        return append(String.valueOf(o));
    }

    /** Ends the current line. */
    FrameWriter endLine() {
        ensure(1);
        buf[length++] = '\n';
        lines++;
        return this;
    }

    private void ensure(int more) {
        if (buf.length - length < more) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }

    /**
     * The frame: the UTF-8 bytes of the lines ended so far, then the trailer {@code WORD LINES CRC32C}.
     *
     * @throws IllegalStateException if the last line was not ended
     */
    byte[] bytes() {
        if (length > 0 && buf[length - 1] != '\n') {
            throw new IllegalStateException("the last line of the frame is not ended");
        }
        byte[] trailer = (word + " " + lines + " " + Frame.checksum(buf, 0, length) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(buf, length + trailer.length);
        System.arraycopy(trailer, 0, all, length, trailer.length);
        return all;
    }
}
