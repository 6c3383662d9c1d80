package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.LineBytes;

/**
 * Reads the fields of an smtpd line that smtpd writes at fixed places, on a byte range, without
 * allocating (except {@link #address}, which returns a new address; {@link #addressBits} does not). Every method takes the range
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

    private static final byte[] RESULT_KEY = LineBytes.ascii(" result=");

    private static final byte[] LOCAL = LineBytes.ascii("local");
    private static final byte[] IPV6_TAG = LineBytes.ascii("IPv6:");
    private static final byte[] ADDRESS = LineBytes.ascii(" address=");
    private static final byte[] ADDR = LineBytes.ascii(" addr=");
    private static final byte[] RESULT = LineBytes.ascii(" result=\"");
    private static final byte[] COMMAND = LineBytes.ascii(" command=\"");
    private static final byte[] REASON = LineBytes.ascii("reason");
    private static final byte[] QUIT_WORD = LineBytes.ascii("quit");
    private static final byte[] TLS_ACCEPT_FAILED = LineBytes.ascii("tls-accept-failed");
    private static final byte[] CA_FAILURE = LineBytes.ascii("ca-failure");
    private static final byte[] HANDSHAKE_FAILED = LineBytes.ascii("\"io-error: handshake failed");
    private static final byte[] OPENSSL_ERROR = LineBytes.ascii("\"io-error: error:");
    private static final byte[] NOT_SUPPORTED = LineBytes.ascii("Command not supported\"");

    private Fields() {
    }

    /**
     * Where the value of an {@code address=} or {@code addr=} token starts when that token comes right
     * after the event word ({@code b[from]} is the space after it); -1 when there is none.
     */
    static int fixedAddress(byte[] b, int from, int end) {
        if (LineBytes.startsWith(b, from, end, ADDRESS)) {
            return from + ADDRESS.length;
        }
        if (LineBytes.startsWith(b, from, end, ADDR)) {
            return from + ADDR.length;
        }
        return -1;
    }

    /** The client address in {@code b[from, to)}: dotted IPv4, {@code IPv6:v6}, {@code [v6]} or bare v6. */
    static IpAddress address(byte[] b, int from, int to) {
        long[] bits = new long[2];
        return addressBits(b, from, to, bits) ? IpAddress.ofIpv6(bits[0], bits[1]) : null;
    }

    /**
     * As {@link #address}, without allocating: the address's bits into {@code out} as
     * {@link IpAddress#parseBits} writes them (IPv4 as IPv4-mapped IPv6), and true; false when
     * {@link #address} gives null.
     */
    static boolean addressBits(byte[] b, int from, int to, long[] out) {
        if (LineBytes.contentEquals(b, from, to, LOCAL)) {
            return false;
        }
        if (LineBytes.startsWith(b, from, to, IPV6_TAG)) {
            return ipv6(b, from + IPV6_TAG.length, to, out);
        }
        if (to - from > 2 && b[from] == '[' && b[to - 1] == ']') {
            return ipv6(b, from + 1, to - 1, out);
        }
        return IpAddress.parseBits(b, from, to, out);
    }

    /** Only an IPv6 literal may follow {@code IPv6:} or sit in brackets (IpAddress maps v4-mapped ones). */
    private static boolean ipv6(byte[] b, int from, int to, long[] out) {
        return LineBytes.indexOf(b, from, to, (byte) ':') >= 0 && IpAddress.parseBits(b, from, to, out);
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
        int q = LineBytes.lastIndexOf(b, from, end - 1, (byte) '"');
        while (q >= 0 && !LineBytes.startsWith(b, q - RESULT_KEY.length, q, RESULT_KEY)) {
            q = LineBytes.lastIndexOf(b, from, q, (byte) '"');
        }
        if (q < from + RESULT_KEY.length) {
            return -1;
        }
        int r = q + 1;
        return r + 3 < end && digit(b[r]) && digit(b[r + 1]) && digit(b[r + 2]) ? r : -1;
    }

    /** The reply code at a position {@link #result} returned. */
    static int code(byte[] b, int at) {
        return (b[at] - '0') * 100 + (b[at + 1] - '0') * 10 + (b[at + 2] - '0');
    }

    /** Whether the reply (ending the line) ends in {@code Command not supported}. */
    static boolean notSupported(byte[] b, int result, int end) {
        int at = end - NOT_SUPPORTED.length;
        return at > result && LineBytes.startsWith(b, at, end, NOT_SUPPORTED);
    }

    /**
     * Whether the first {@code command="} after {@code from} holds an AUTH command ({@code AUTH} in any
     * case, then a space or the closing quote).
     */
    static boolean authCommand(byte[] b, int from, int end) {
        int i = LineBytes.indexOf(b, from, end, COMMAND);
        if (i < 0) {
            return false;
        }
        int c = i + COMMAND.length;
        return c + 5 <= end && (b[c] | 0x20) == 'a' && (b[c + 1] | 0x20) == 'u' && (b[c + 2] | 0x20) == 't'
                && (b[c + 3] | 0x20) == 'h' && (b[c + 4] == ' ' || b[c + 4] == '"');
    }

    /**
     * The kind of the last {@code reason=} of a disconnect line: {@link #QUIT}, {@link #TLS} or {@link #OTHER}.
     * {@code b[from]} is the space after the event word, so the field is always one that follows a space.
     */
    static int reason(byte[] b, int from, int end) {
        int v = LineBytes.lastValueStart(b, from, end, REASON);
        if (v < 0) {
            return OTHER;
        }
        if (v < end && b[v] == '"') {
            boolean tls = b[end - 1] == '"' && end - v >= 2
                    && (LineBytes.startsWith(b, v, end, HANDSHAKE_FAILED)
                    || LineBytes.startsWith(b, v, end, OPENSSL_ERROR));
            return tls ? TLS : OTHER;
        }
        if (LineBytes.contentEquals(b, v, end, QUIT_WORD)) {
            return QUIT;
        }
        return LineBytes.contentEquals(b, v, end, TLS_ACCEPT_FAILED) || LineBytes.contentEquals(b, v, end, CA_FAILURE)
                ? TLS : OTHER;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }
}
