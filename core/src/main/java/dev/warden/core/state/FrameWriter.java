package dev.warden.core.state;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
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

    private static final long SECONDS_PER_DAY = 86_400;
    /** 9999-12-31T23:59:59Z: the last instant {@code toString} writes with a four-digit year. */
    private static final long LAST_FOUR_DIGIT_SECOND = 253_402_300_799L;

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
        int count = 1;
        for (long t = v; t >= 10; t /= 10) {
            count++;
        }
        digits(v, count);
        return this;
    }

    /**
     * Appends {@code t.toString()} (ISO-8601 in UTC). Whole seconds from 1970 to 9999, what bans and ban counts
     * hold, are written digit by digit: {@code Instant.toString} goes through a {@code DateTimeFormatter}, and a
     * save writes two instants for every ban in force (docs/performance.md, issue 17). Anything else is
     * written by {@code toString}.
     */
    FrameWriter append(Instant t) {
        long s = t.getEpochSecond();
        if (t.getNano() != 0 || s < 0 || s > LAST_FOUR_DIGIT_SECOND) {
            return append(t.toString());
        }
        LocalDate day = LocalDate.ofEpochDay(s / SECONDS_PER_DAY);
        int time = (int) (s % SECONDS_PER_DAY);
        ensure(20);
        digits(day.getYear(), 4);
        buf[length++] = '-';
        digits(day.getMonthValue(), 2);
        buf[length++] = '-';
        digits(day.getDayOfMonth(), 2);
        buf[length++] = 'T';
        digits(time / 3600, 2);
        buf[length++] = ':';
        digits(time / 60 % 60, 2);
        buf[length++] = ':';
        digits(time % 60, 2);
        buf[length++] = 'Z';
        return this;
    }

    /** Writes {@code v} (not negative) as exactly {@code n} digits, with leading zeros. */
    private void digits(long v, int n) {
        for (int i = length + n - 1; i >= length; i--) {
            buf[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        length += n;
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
