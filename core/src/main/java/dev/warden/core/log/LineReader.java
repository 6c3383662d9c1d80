package dev.warden.core.log;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Splits a byte stream into lines without creating a String or any object per line: reads large
 * blocks into one reused array and finds newlines eight bytes at a time. Reads through
 * {@link InputStream#read(byte[], int, int)}: for files that is one copy into the array, where a
 * {@code FileChannel} read into a heap buffer goes through a temporary direct buffer and measured
 * four times slower here.
 *
 * <p>A line longer than the maximum is dropped whole, never handed out (a cut line would pass the
 * client's text for the daemon's end of line), and counted in {@link #overlongLines()}; so one garbage
 * line cannot exhaust memory either. A line of exactly the maximum is kept. Not thread-safe.
 */
public final class LineReader {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /** Default read block. */
    public static final int DEFAULT_BLOCK = 1 << 20;
    /** Default longest line kept whole. */
    public static final int DEFAULT_MAX_LINE = 64 * 1024;

    private final byte[] buf;
    private final int maxLine;
    private int head;
    private int tail;
    private long headOffset;
    private boolean skipping;
    private long overlong;

    public LineReader() {
        this(DEFAULT_BLOCK, DEFAULT_MAX_LINE);
    }

    public LineReader(int block, int maxLine) {
        if (maxLine <= 0 || block < maxLine) {
            throw new IllegalArgumentException("block must be at least maxLine");
        }
        this.buf = new byte[block + maxLine + 9];
        this.maxLine = maxLine;
    }

    /** Starts over at file offset {@code offset}, dropping any buffered partial line. */
    public void reset(long offset) {
        head = 0;
        tail = 0;
        headOffset = offset;
        skipping = false;
    }

    /** The file offset just past the last complete line handed out. */
    public long position() {
        return headOffset;
    }

    /** Bytes read but not yet handed out (a partial last line). */
    public int pending() {
        return tail - head;
    }

    /** Whether the rest of an overlong line is being skipped (the line is already counted). */
    public boolean skipping() {
        return skipping;
    }

    /** The longest line kept whole. */
    public int maxLine() {
        return maxLine;
    }

    /** Lines dropped because they exceeded the maximum length. */
    public long overlongLines() {
        return overlong;
    }

    /**
     * Reads from {@code in} until it has nothing more now, handing out every complete line.
     *
     * @return the number of bytes read
     */
    public long readAvailable(InputStream in, LineHandler handler) throws IOException {
        long total = 0;
        while (true) {
            compact();
            int n = in.read(buf, tail, buf.length - 8 - tail);
            if (n <= 0) {
                return total;
            }
            total += n;
            tail += n;
            drain(handler);
        }
    }

    /** Hands out a final line that has no newline (end of a scanned file). */
    public void finish(LineHandler handler) {
        if (tail > head) {
            if (!skipping) {
                emit(handler, head, tail);
            }
            headOffset += tail - head;
            head = tail;
        }
        skipping = false;
    }

    private void compact() {
        if (head == tail) {
            head = 0;
            tail = 0;
        } else if (head > 0 && buf.length - 8 - tail < maxLine) {
            System.arraycopy(buf, head, buf, 0, tail - head);
            tail -= head;
            head = 0;
        }
    }

    private void drain(LineHandler handler) {
        int pos = head;
        while (true) {
            int nl = indexOfNewline(buf, pos, tail);
            if (nl < 0) {
                break;
            }
            if (skipping) {
                skipping = false;
            } else if (nl - head > maxLine) {
                overlong++;
            } else {
                emit(handler, head, nl);
            }
            headOffset += nl + 1 - head;
            head = nl + 1;
            pos = head;
        }
        if (tail - head > maxLine) {
            if (!skipping) {
                overlong++;
                skipping = true;
            }
            headOffset += tail - head;
            head = tail;
        }
    }

    private void emit(LineHandler handler, int start, int end) {
        int e = end;
        if (e > start && buf[e - 1] == '\r') {
            e--;
        }
        handler.line(buf, start, e, headOffset + (start - head));
    }

    /** Index of the first '\n' in b[from, to), or -1; eight bytes at a time. */
    static int indexOfNewline(byte[] buf, int from, int to) {
        int i = from;
        int limit = to - 8;
        while (i <= limit) {
            long w = (long) LONGS.get(buf, i) ^ NEWLINES;
            long t = (w - ONES) & ~w & HIGHS;
            if (t != 0) {
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
            i += 8;
        }
        for (; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
