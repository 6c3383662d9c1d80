package dev.warden.core.spi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte helpers for a filter that reads {@link LogLine#bytes()} without making Strings: compare a range
 * with a literal, search for a byte, a literal or a whole token, step over spaces, digits and tokens, read
 * an address at an offset and find a {@code key=value} field. The built-in filters run these on every line.
 *
 * <p><b>Ranges.</b> Every method reads only {@code b[from, to)}: {@code from} inclusive, {@code to}
 * exclusive, with {@code 0 <= from <= to <= b.length} (an index outside {@code b} throws
 * {@link IndexOutOfBoundsException}). {@link #startsWith}, {@link #endsWith}, {@link #contentEquals} and
 * {@link #startsWithWord} also take a negative {@code from} or a range shorter than the literal, and then
 * answer false. Positions returned are indexes into {@code b}, not offsets from {@code from}, and
 * {@code -1} means "not found".
 *
 * <p><b>Tokens.</b> A token is a maximal run of bytes other than the space (0x20), the separator syslog
 * daemons write between fields; a tab or any other byte is part of a token. Literals are compared byte
 * for byte: make them with {@link #ascii}, once, into {@code static final} fields.
 *
 * <p><b>Nullness, cost, threads.</b> No argument may be null. No method allocates except {@link #ascii}
 * and the address {@link #address} returns; the class has no state, so any thread may call it.
 */
public final class LineBytes {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    private LineBytes() {
    }

    /**
     * The bytes of an ASCII literal, for a {@code static final} constant (allocates).
     *
     * @throws IllegalArgumentException when {@code literal} has a character above U+007F
     */
    public static byte[] ascii(String literal) {
        byte[] out = new byte[literal.length()];
        for (int i = 0; i < out.length; i++) {
            char c = literal.charAt(i);
            if (c > 0x7F) {
                throw new IllegalArgumentException("not ASCII at index " + i + ": " + literal);
            }
            out[i] = (byte) c;
        }
        return out;
    }

    /**
     * Whether {@code b[from, to)} begins with {@code prefix}. False when the range is shorter than the
     * prefix or {@code from} is negative, so a computed position such as {@code at - KEY.length} needs no
     * check of its own.
     */
    public static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
        // kept under 35 bytecodes, so that even a call site the JIT does not consider hot inlines it
        return from >= 0 && to - from >= prefix.length && same(b, from, prefix, prefix.length);
    }

    /** Whether {@code b[from, to)} ends with {@code suffix}; false as {@link #startsWith} is. */
    public static boolean endsWith(byte[] b, int from, int to, byte[] suffix) {
        int at = to - suffix.length;
        return from >= 0 && at >= from && startsWith(b, at, to, suffix);
    }

    /** Whether {@code b[from, to)} is exactly {@code literal}; false as {@link #startsWith} is. */
    public static boolean contentEquals(byte[] b, int from, int to, byte[] literal) {
        return to - from == literal.length && startsWith(b, from, to, literal);
    }

    /**
     * Whether {@code b[from, to)} begins with the whole token {@code word}: {@code word} followed by a
     * space or by the end of the range. False as {@link #startsWith} is.
     */
    public static boolean startsWithWord(byte[] b, int from, int to, byte[] word) {
        int after = from + word.length;
        return startsWith(b, from, to, word) && (after == to || b[after] == ' ');
    }

    /** The first index of {@code c} in {@code b[from, to)}, or -1. */
    public static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** The last index of {@code c} in {@code b[from, to)}, or -1. */
    public static int lastIndexOf(byte[] b, int from, int to, byte c) {
        // Eight bytes at a time: a reply or a field written last is read from the end of a long line.
        long pattern = (c & 0xFFL) * ONES;
        int i = to;
        while (i - Long.BYTES >= from) {
            long x = (long) LONGS.get(b, i - Long.BYTES) ^ pattern;
            long zero = ~(((x & LOW7) + LOW7) | x | LOW7); // 0x80 in exactly the bytes that were c
            if (zero != 0) {
                return i - Long.BYTES + ((63 - Long.numberOfLeadingZeros(zero)) >>> 3);
            }
            i -= Long.BYTES;
        }
        while (--i >= from) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Where the first occurrence of {@code needle} lying wholly in {@code b[from, to)} starts, or -1. An
     * empty needle is found at {@code from}.
     */
    public static int indexOf(byte[] b, int from, int to, byte[] needle) {
        int n = needle.length;
        if (n == 0) {
            return from <= to ? from : -1;
        }
        byte first = needle[0];
        for (int i = from, last = to - n; i <= last; i++) {
            if (b[i] == first && same(b, i, needle, n)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Where the last occurrence of {@code needle} lying wholly in {@code b[from, to)} starts, or -1. An
     * empty needle is found at {@code to}.
     */
    public static int lastIndexOf(byte[] b, int from, int to, byte[] needle) {
        int n = needle.length;
        if (n == 0) {
            return from <= to ? to : -1;
        }
        byte first = needle[0];
        for (int i = to - n; i >= from; i--) {
            if (b[i] == first && same(b, i, needle, n)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Where the first token of {@code b[from, to)} that equals {@code word} starts, or -1: {@code word}
     * with a space or the range's end on each side. Never finds an empty word.
     */
    public static int indexOfWord(byte[] b, int from, int to, byte[] word) {
        int n = word.length;
        for (int i = skipSpaces(b, from, to); i < to; ) {
            int end = tokenEnd(b, i, to);
            if (end - i == n && same(b, i, word, n)) {
                return i;
            }
            i = skipSpaces(b, end, to);
        }
        return -1;
    }

    /** The end of the token starting at {@code from}: the index of the next space, or {@code to}. */
    public static int tokenEnd(byte[] b, int from, int to) {
        int i = from;
        while (i < to && b[i] != ' ') {
            i++;
        }
        return i;
    }

    /**
     * The start of the token ending at {@code to}: one past the last space in {@code b[from, to)}, or
     * {@code from}. Reads backwards, for fields a daemon writes at the end of its line.
     */
    public static int tokenStart(byte[] b, int from, int to) {
        int i = to;
        while (i > from && b[i - 1] != ' ') {
            i--;
        }
        return i;
    }

    /** The first index in {@code b[from, to)} that is not a space, or {@code to}. */
    public static int skipSpaces(byte[] b, int from, int to) {
        int i = from;
        while (i < to && b[i] == ' ') {
            i++;
        }
        return i;
    }

    /** The first index in {@code b[from, to)} that is not an ASCII digit {@code 0-9}, or {@code to}. */
    public static int skipDigits(byte[] b, int from, int to) {
        int i = from;
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    /**
     * The address written as the token starting at {@code from} (up to the next space or {@code to}),
     * parsed and normalized by {@link IpAddress#parse(byte[], int, int)}; null when that token is empty or is
     * anything but exactly one IPv4 or IPv6 literal (a host name, {@code 192.0.2.1:25}, {@code [2001:db8::1]}).
     * Allocates only the result. A field delimited otherwise ({@code rip=192.0.2.1, lip=...}) is parsed
     * with {@code IpAddress.parse(b, from, end)} once its end is found.
     */
    public static IpAddress address(byte[] b, int from, int to) {
        return IpAddress.parse(b, from, tokenEnd(b, from, to));
    }

    /**
     * Where the value of the first {@code key=value} field of {@code b[from, to)} starts (just after the
     * {@code =}), or -1. The field is a token, so {@code key} must start {@code from} or follow a space:
     * {@code ruser=root} is not the key {@code user}. {@code key} is the field name without the {@code =}.
     * The value ends where its token does ({@link #tokenEnd}) unless the daemon quotes it.
     */
    public static int valueStart(byte[] b, int from, int to, byte[] key) {
        int n = key.length;
        for (int i = from, last = to - n - 1; i <= last; i++) {
            if (b[i + n] == '=' && (i == from || b[i - 1] == ' ') && same(b, i, key, n)) {
                return i + n + 1;
            }
        }
        return -1;
    }

    /**
     * As {@link #valueStart}, for the last {@code key=value} field of {@code b[from, to)}: the one to read
     * when client text (a user name, a command) may come before the field the daemon writes last.
     */
    public static int lastValueStart(byte[] b, int from, int to, byte[] key) {
        int n = key.length;
        for (int i = to - n - 1; i >= from; i--) {
            if (b[i + n] == '=' && (i == from || b[i - 1] == ' ') && same(b, i, key, n)) {
                return i + n + 1;
            }
        }
        return -1;
    }

    /** Whether {@code b[at, at + n)} equals {@code literal[0, n)}; both exist. Eight bytes at a time. */
    private static boolean same(byte[] b, int at, byte[] literal, int n) {
        int i = 0;
        for (; i + Long.BYTES <= n; i += Long.BYTES) {
            if ((long) LONGS.get(b, at + i) != (long) LONGS.get(literal, i)) {
                return false;
            }
        }
        for (; i < n; i++) {
            if (b[at + i] != literal[i]) {
                return false;
            }
        }
        return true;
    }
}
