package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.IpAddress;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads the fields of an smtpd line that smtpd writes at fixed places, on a byte range, without
 * allocating (except {@link #address}, which returns a new address). Every method takes the range
 * {@code [from, end)} after the event word and never looks before it. Stateless.
 *
 * <p>What is fixed and what a client can write is spelled out in docs/opensmtpd.md; the short form:
 * the token right after the event word ({@code address=} / {@code addr=}) is smtpd's; on
 * {@code failed-command}, {@code result="..."} is the <em>last</em> field and {@code command="..."} the
 * first (after the fixed address fields); on {@code disconnected}/{@code closed}, {@code reason=} is last.
 */
final class Fields {

    /** A disconnect reason that is not interesting. */
    static final int OTHER = 0;
    /** {@code reason=quit}: the client (or smtpd after an error reply) ended the session with QUIT. */
    static final int QUIT = 1;
    /**
     * A failed TLS handshake: {@code reason="io-error: handshake failed..."} (or an OpenSSL error string),
     * or smtpd unable to start TLS: {@code reason=tls-accept-failed} (6.5+), {@code reason=ca-failure} (6.0).
     */
    static final int TLS = 2;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long QUOTES = 0x2222222222222222L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
    private static final byte[] RESULT_KEY = Bytes.ascii(" result=");

    private static final byte[] LOCAL = Bytes.ascii("local");
    private static final byte[] IPV6_TAG = Bytes.ascii("IPv6:");
    private static final byte[] ADDRESS = Bytes.ascii(" address=");
    private static final byte[] ADDR = Bytes.ascii(" addr=");
    private static final byte[] RESULT = Bytes.ascii(" result=\"");
    private static final byte[] COMMAND = Bytes.ascii(" command=\"");
    private static final byte[] REASON = Bytes.ascii(" reason=");
    private static final byte[] QUIT_WORD = Bytes.ascii("quit");
    private static final byte[] TLS_ACCEPT_FAILED = Bytes.ascii("tls-accept-failed");
    private static final byte[] CA_FAILURE = Bytes.ascii("ca-failure");
    private static final byte[] HANDSHAKE_FAILED = Bytes.ascii("\"io-error: handshake failed");
    private static final byte[] OPENSSL_ERROR = Bytes.ascii("\"io-error: error:");
    private static final byte[] NOT_SUPPORTED = Bytes.ascii("Command not supported\"");

    private Fields() {
    }

    /**
     * Where the value of an {@code address=} or {@code addr=} token starts when that token comes right
     * after the event word ({@code b[from]} is the space after it); -1 when there is none.
     */
    static int fixedAddress(byte[] b, int from, int end) {
        if (Bytes.startsWith(b, from, end, ADDRESS)) {
            return from + ADDRESS.length;
        }
        if (Bytes.startsWith(b, from, end, ADDR)) {
            return from + ADDR.length;
        }
        return -1;
    }

    /** The client address in {@code b[from, to)}: dotted IPv4, {@code IPv6:v6}, {@code [v6]} or bare v6. */
    static IpAddress address(byte[] b, int from, int to) {
        if (Bytes.startsWith(b, from, to, LOCAL) && to - from == LOCAL.length) {
            return null;
        }
        if (Bytes.startsWith(b, from, to, IPV6_TAG)) {
            return ipv6(b, from + IPV6_TAG.length, to);
        }
        if (to - from > 2 && b[from] == '[' && b[to - 1] == ']') {
            return ipv6(b, from + 1, to - 1);
        }
        return IpAddress.parse(b, from, to);
    }

    /** Only an IPv6 literal may follow {@code IPv6:} or sit in brackets (IpAddress maps v4-mapped ones). */
    private static IpAddress ipv6(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == ':') {
                return IpAddress.parse(b, from, to);
            }
        }
        return null;
    }

    /** The end of the token starting at {@code at}: the next space, or {@code end}. */
    static int tokenEnd(byte[] b, int at, int end) {
        int i = at;
        while (i < end && b[i] != ' ') {
            i++;
        }
        return i;
    }

    /**
     * Where smtpd's reply starts in a {@code failed-command} or {@code bad-input} line: just after the
     * last {@code result="}, when the line ends in {@code "} and the reply starts with three digits; else -1.
     * The last one, because the command before it is the client's text and may hold a fake one.
     */
    static int result(byte[] b, int from, int end) {
        if (end - from < RESULT.length + 4 || b[end - 1] != '"') {
            return -1;
        }
        int q = lastQuote(b, from, end - 1);
        while (q >= 0 && !Bytes.startsWith(b, q - RESULT_KEY.length, q, RESULT_KEY)) {
            q = lastQuote(b, from, q);
        }
        if (q < from + RESULT_KEY.length) {
            return -1;
        }
        int r = q + 1;
        return r + 3 < end && digit(b[r]) && digit(b[r + 1]) && digit(b[r + 2]) ? r : -1;
    }

    /**
     * The last index of a {@code "} in {@code b[from, end)}, or -1; eight bytes at a time (a reply is
     * read from its end on every failed-command line).
     */
    static int lastQuote(byte[] b, int from, int end) {
        int i = end;
        while (i - 8 >= from) {
            long x = (long) LONGS.get(b, i - 8) ^ QUOTES;
            long zero = ~(((x & LOW7) + LOW7) | x | LOW7); // 0x80 in exactly the bytes that were '"'
            if (zero != 0) {
                return i - 8 + ((63 - Long.numberOfLeadingZeros(zero)) >>> 3);
            }
            i -= 8;
        }
        while (--i >= from) {
            if (b[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    /** The reply code at a position {@link #result} returned. */
    static int code(byte[] b, int at) {
        return (b[at] - '0') * 100 + (b[at + 1] - '0') * 10 + (b[at + 2] - '0');
    }

    /** Whether the reply (ending the line) ends in {@code Command not supported}. */
    static boolean notSupported(byte[] b, int result, int end) {
        int at = end - NOT_SUPPORTED.length;
        return at > result && Bytes.startsWith(b, at, end, NOT_SUPPORTED);
    }

    /**
     * Whether the first {@code command="} after {@code from} holds an AUTH command ({@code AUTH} in any
     * case, then a space or the closing quote).
     */
    static boolean authCommand(byte[] b, int from, int end) {
        int i = indexOf(b, from, end, COMMAND);
        if (i < 0) {
            return false;
        }
        int c = i + COMMAND.length;
        return c + 5 <= end && (b[c] | 0x20) == 'a' && (b[c + 1] | 0x20) == 'u' && (b[c + 2] | 0x20) == 't'
                && (b[c + 3] | 0x20) == 'h' && (b[c + 4] == ' ' || b[c + 4] == '"');
    }

    /** The kind of the last {@code reason=} of a disconnect line: {@link #QUIT}, {@link #TLS} or {@link #OTHER}. */
    static int reason(byte[] b, int from, int end) {
        int i = lastIndexOf(b, from, end, REASON);
        if (i < 0) {
            return OTHER;
        }
        int v = i + REASON.length;
        if (v < end && b[v] == '"') {
            boolean tls = b[end - 1] == '"' && end - v >= 2
                    && (Bytes.startsWith(b, v, end, HANDSHAKE_FAILED) || Bytes.startsWith(b, v, end, OPENSSL_ERROR));
            return tls ? TLS : OTHER;
        }
        if (Bytes.equals(b, v, end, QUIT_WORD)) {
            return QUIT;
        }
        return Bytes.equals(b, v, end, TLS_ACCEPT_FAILED) || Bytes.equals(b, v, end, CA_FAILURE) ? TLS : OTHER;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** The first index of {@code literal} in {@code b[from, end)}, or -1. */
    static int indexOf(byte[] b, int from, int end, byte[] literal) {
        byte first = literal[0];
        for (int i = from; i + literal.length <= end; i++) {
            if (b[i] == first && Bytes.startsWith(b, i, end, literal)) {
                return i;
            }
        }
        return -1;
    }

    /** The last index of {@code literal} in {@code b[from, end)}, or -1. */
    static int lastIndexOf(byte[] b, int from, int end, byte[] literal) {
        byte first = literal[0];
        for (int i = end - literal.length; i >= from; i--) {
            if (b[i] == first && Bytes.startsWith(b, i, end, literal)) {
                return i;
            }
        }
        return -1;
    }
}
