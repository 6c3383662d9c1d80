package dev.warden.filters.opensmtpd;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads smtpd's session id: exactly 16 lower-case hex digits ({@code %016" PRIx64}). Eight digits at a
 * time (SWAR on a big-endian {@code long} view of the bytes): this runs on nearly every line of a maillog,
 * and a table lookup per digit cost more than the rest of the filter. Stateless.
 */
final class SessionIds {

    /** Digits in an id. */
    static final int LENGTH = 16;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;

    private SessionIds() {
    }

    /**
     * Whether {@code b[from, from + 16)} is an id; the caller made sure those bytes exist. Call
     * {@link #parse} only after this said yes.
     */
    static boolean isId(byte[] b, int from) {
        return isHex8((long) LONGS.get(b, from)) && isHex8((long) LONGS.get(b, from + 8));
    }

    /** The id at {@code from}, which {@link #isId} accepted. */
    static long parse(byte[] b, int from) {
        return (hex8((long) LONGS.get(b, from)) << 32) | hex8((long) LONGS.get(b, from + 8));
    }

    /** Whether all eight bytes are {@code 0-9} or {@code a-f}. */
    private static boolean isHex8(long x) {
        if ((x & HIGH) != 0) {
            return false; // non-ASCII; keeps the additions below from carrying across bytes
        }
        long digit = (x + 0x50 * ONES) & ~(x + 0x46 * ONES);   // >= '0' and < ':'
        long letter = (x + 0x1F * ONES) & ~(x + 0x19 * ONES);  // >= 'a' and < 'g'
        return ((digit | letter) & HIGH) == HIGH;
    }

    /** The 32-bit value of eight valid hex digits, first digit most significant. */
    private static long hex8(long x) {
        long letter = ((x + 0x1F * ONES) & HIGH) >>> 7;    // 1 in each byte holding a letter
        long v = (x & 0x0F * ONES) + letter * 9;            // each byte now holds its digit's value
        v = (v | (v >>> 4)) & 0x00FF00FF00FF00FFL;
        v = (v | (v >>> 8)) & 0x0000FFFF0000FFFFL;
        return (v | (v >>> 16)) & 0xFFFFFFFFL;
    }
}
