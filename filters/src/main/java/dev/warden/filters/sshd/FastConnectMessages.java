package dev.warden.filters.sshd;

import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.LineBytes;

import static dev.warden.core.spi.LineBytes.ascii;
import static dev.warden.core.spi.LineBytes.contentEquals;
import static dev.warden.core.spi.LineBytes.indexOf;
import static dev.warden.core.spi.LineBytes.skipDigits;
import static dev.warden.core.spi.LineBytes.startsWith;
import static dev.warden.core.spi.LineBytes.tokenEnd;
import static dev.warden.filters.sshd.FastBytes.PORT;
import static dev.warden.filters.sshd.FastBytes.portTail;
import static dev.warden.filters.sshd.FastMessages.UNDECIDED;

/**
 * The fast parsers of what sshd logs while a connection opens, before any authentication: VERBOSE's
 * {@code Connection from}, algorithm negotiation failures ({@code Unable to negotiate}) and the scanners'
 * traces ({@code Timeout before authentication}, {@code banner exchange}, {@code kex_exchange_identification});
 * the regex counterparts are in {@link ConnectionMessages}. Here sshd's address comes first, right after
 * its fixed words, and client-chosen text (banners, offered algorithms) only after it.
 *
 * <p>{@link FastMessages#parse} calls each on a printable-ASCII message, with the index just after the prefix
 * it matched (the package-private literal of the same name here). Same contract as there: the regex path's
 * event, {@code NONE} or {@code UNDECIDED}; never throws; stateless.
 */
final class FastConnectMessages {

    static final byte[] CONNECTION_FROM = ascii("Connection from ");
    private static final byte[] ON = ascii(" on ");
    private static final byte[] RDOMAIN = ascii(" rdomain ");
    static final byte[] NEGOTIATE = ascii("Unable to negotiate with ");
    private static final byte[] NO_MATCHING = ascii(": no matching ");
    private static final byte[] FOUND = ascii(" found.");
    static final byte[] TIMEOUT = ascii("Timeout before authentication for ");
    static final byte[] BANNER = ascii("banner exchange: Connection from ");
    static final byte[] KEX = ascii("kex_exchange_identification: ");
    private static final byte[] READ = ascii("read: ");
    private static final byte[] INVALID_IDENTIFIER = ascii("lient sent invalid protocol identifier");
    private static final byte[] CLOSED_BY_REMOTE = ascii("onnection closed by remote host");
    private static final byte[] RESET_BY_PEER = ascii("onnection reset by peer");

    private FastConnectMessages() {
    }

    /**
     * {@code Connection from A[ port N][ on B[ port M]][ rdomain R]} (LogLevel VERBOSE, one per connection).
     * A is the first token, before any client-chosen text.
     */
    static SshdEvent connect(byte[] b, int a, int e, boolean preauth) {
        int ae = tokenEnd(b, a, e);
        if (ae == a) {
            return UNDECIDED;
        }
        int p = afterPort(b, ae, e);
        if (startsWith(b, p, e, ON)) {
            int h = p + ON.length;
            int he = tokenEnd(b, h, e);
            if (he == h) {
                return UNDECIDED;
            }
            p = afterPort(b, he, e);
        }
        if (p < e && !startsWith(b, p, e, RDOMAIN)) {
            return UNDECIDED;
        }
        IpAddress address = IpAddress.parse(b, a, ae);
        return address == null ? UNDECIDED : new SshdEvent(MessageKind.CONNECT, address, null, preauth);
    }

    /** {@code Unable to negotiate with A port N: no matching X found. ...}. */
    static SshdEvent negotiate(byte[] b, int r, int e, boolean preauth) {
        int p = afterAddressAndPort(b, r, e);
        if (p < 0 || !startsWith(b, p, e, NO_MATCHING) || indexOf(b, p + NO_MATCHING.length, e, FOUND) < 0) {
            return UNDECIDED;
        }
        IpAddress address = LineBytes.address(b, r, e);
        return address == null ? UNDECIDED : new SshdEvent(MessageKind.NEGOTIATION, address, null, preauth);
    }

    /** {@code Timeout before authentication for A port N}. */
    static SshdEvent timeout(byte[] b, int r, int e, boolean preauth) {
        int port = portTail(b, r, e);
        if (port <= r || indexOf(b, r, port, (byte) ' ') >= 0) {
            return UNDECIDED;
        }
        IpAddress address = IpAddress.parse(b, r, port);
        return address == null ? UNDECIDED : new SshdEvent(MessageKind.SCANNER, address, null, preauth);
    }

    /** {@code banner exchange: Connection from A port N: ...}. */
    static SshdEvent banner(byte[] b, int r, int e, boolean preauth) {
        int p = afterAddressAndPort(b, r, e);
        if (p < 0 || e - p < 2 || b[p] != ':' || b[p + 1] != ' ') {
            return UNDECIDED;
        }
        IpAddress address = LineBytes.address(b, r, e);
        return address == null ? UNDECIDED : new SshdEvent(MessageKind.SCANNER, address, null, preauth);
    }

    /** {@code kex_exchange_identification: [read: ]client sent invalid protocol identifier...|...}. */
    static SshdEvent kex(byte[] b, int r, int e, boolean preauth) {
        if (startsWith(b, r, e, READ)) {
            r += READ.length;
        }
        if (r >= e || b[r] != 'C' && b[r] != 'c') {
            return UNDECIDED;
        }
        r++;
        boolean scanner = startsWith(b, r, e, INVALID_IDENTIFIER) || contentEquals(b, r, e, CLOSED_BY_REMOTE)
                || contentEquals(b, r, e, RESET_BY_PEER);
        return scanner ? new SshdEvent(MessageKind.KEX_IDENTIFICATION, null, null, preauth) : UNDECIDED;
    }

    /** If {@code b[p, e)} starts with {@code " port "} and a digit, the index after the digits; else {@code p}. */
    private static int afterPort(byte[] b, int p, int e) {
        if (!startsWith(b, p, e, PORT)) {
            return p;
        }
        int d = skipDigits(b, p + PORT.length, e);
        return d == p + PORT.length ? p : d;
    }

    /**
     * {@code A port N} starting at {@code r}, A being the token up to the first space: the index just after
     * N, or -1 when the text is not of that shape.
     */
    private static int afterAddressAndPort(byte[] b, int r, int e) {
        int ae = indexOf(b, r, e, (byte) ' ');
        if (ae <= r || !startsWith(b, ae, e, PORT)) {
            return -1;
        }
        int p = skipDigits(b, ae + PORT.length, e);
        return p == ae + PORT.length ? -1 : p;
    }
}
