package dev.warden.filters.sshd;

import dev.warden.core.spi.IpAddress;

import static dev.warden.core.spi.LineBytes.ascii;
import static dev.warden.core.spi.LineBytes.contentEquals;
import static dev.warden.core.spi.LineBytes.endsWith;
import static dev.warden.core.spi.LineBytes.indexOf;
import static dev.warden.core.spi.LineBytes.skipDigits;
import static dev.warden.core.spi.LineBytes.skipSpaces;
import static dev.warden.core.spi.LineBytes.startsWith;
import static dev.warden.filters.sshd.FastBytes.PORT;
import static dev.warden.filters.sshd.FastBytes.addressAfterUser;
import static dev.warden.filters.sshd.FastBytes.portTail;
import static dev.warden.filters.sshd.FastBytes.string;
import static dev.warden.filters.sshd.FastMessages.NONE;
import static dev.warden.filters.sshd.FastMessages.UNDECIDED;

/**
 * The fast parsers of the messages that end a connection: {@code Connection closed by},
 * {@code Connection reset by}, {@code Disconnected from} (where a user name comes first, the address is the
 * token before the {@code port N} that ends the message, as {@link FastMessages} says) and
 * {@code Received disconnect from} (the address first, the client's reason after it); the regex
 * counterparts are in {@link ConnectionMessages}.
 *
 * <p>{@link FastMessages#parse} calls each on a printable-ASCII message, with the index just after the prefix
 * it matched (the package-private literal of the same name here). Same contract as there: the regex path's
 * event, {@code NONE} or {@code UNDECIDED}; never throws; stateless.
 */
final class FastDisconnectMessages {

    static final byte[] CLOSED = ascii("Connection closed by ");
    static final byte[] RESET = ascii("Connection reset by ");
    static final byte[] DISCONNECTED = ascii("Disconnected from ");
    private static final byte[] INVALID_USER = ascii("invalid user ");
    private static final byte[] AUTHENTICATING_USER = ascii("authenticating user ");
    static final byte[] RECEIVED = ascii("Received disconnect from ");
    private static final byte[] AUTH_FAIL = ascii(": Auth fail");
    private static final byte[] NO_METHODS = ascii("No authentication methods available");
    private static final byte[] NO_SUPPORTED_METHODS = ascii("No supported authentication methods available");

    private FastDisconnectMessages() {
    }

    /**
     * After {@code Connection closed by }, {@code Connection reset by }, {@code Disconnected from }:
     * {@code (invalid|authenticating) user U A port N} or {@code A[ port N]}.
     */
    static SshdEvent peer(byte[] b, int r, int e, boolean preauth, boolean disconnected) {
        int port = portTail(b, r, e);
        int u = startsWith(b, r, e, INVALID_USER) ? r + INVALID_USER.length
                : startsWith(b, r, e, AUTHENTICATING_USER) ? r + AUTHENTICATING_USER.length : -1;
        if (u >= 0) {
            if (port < 0) {
                return UNDECIDED;
            }
            int a = addressAfterUser(b, u, port);
            if (a < 0) {
                return UNDECIDED;
            }
            IpAddress address = IpAddress.parse(b, a, port);
            if (address == null) {
                return UNDECIDED;
            }
            return new SshdEvent(disconnected ? MessageKind.DISCONNECTED_USER : MessageKind.CLOSE, address,
                    string(b, u, a - 1), preauth);
        }
        int ae = port >= 0 ? port : e;
        if (ae == r) {
            return UNDECIDED;
        }
        if (indexOf(b, r, ae, (byte) ' ') >= 0) {
            // Neither alternative can match: rest has a blank before the address (e.g. "user U A port N").
            return NONE;
        }
        IpAddress address = IpAddress.parse(b, r, ae);
        return address == null ? UNDECIDED : new SshdEvent(MessageKind.CLOSE, address, null, preauth);
    }

    /** {@code Received disconnect from A port N:C: reason} or {@code ... from A: C: reason}. */
    static SshdEvent received(byte[] b, int r, int e, boolean preauth) {
        int ae = indexOf(b, r, e, (byte) ' ');
        if (ae <= r) {
            return UNDECIDED;
        }
        int c;
        int addressEnd;
        if (b[ae - 1] == ':') {
            addressEnd = ae - 1;
            c = skipSpaces(b, ae, e);
            if (startsWith(b, ae, e, PORT)) {
                return UNDECIDED;
            }
        } else {
            addressEnd = ae;
            if (!startsWith(b, ae, e, PORT)) {
                return UNDECIDED;
            }
            c = skipDigits(b, ae + PORT.length, e);
            if (c == ae + PORT.length || c >= e || b[c] != ':') {
                return UNDECIDED;
            }
            c = skipSpaces(b, c + 1, e);
        }
        int ce = skipDigits(b, c, e);
        if (ce == c || e - ce < 2 || b[ce] != ':' || b[ce + 1] != ' ' || addressEnd == r) {
            return UNDECIDED;
        }
        IpAddress address = IpAddress.parse(b, r, addressEnd);
        if (address == null) {
            return UNDECIDED;
        }
        return new SshdEvent(receivedKind(b, c, ce, e), address, null, preauth);
    }

    /** The kind of a {@code Received disconnect} with code {@code b[c, ce)} and reason {@code b[ce + 2, e)}. */
    private static MessageKind receivedKind(byte[] b, int c, int ce, int e) {
        int reason = ce + 2;
        if (ce - c == 1 && b[c] == '3' && endsWith(b, reason, e, AUTH_FAIL)) {
            return MessageKind.AUTH_FAIL_DISCONNECT;
        }
        if (ce - c == 2 && b[c] == '1' && b[c + 1] == '4' && (contentEquals(b, reason, e, NO_METHODS)
                || contentEquals(b, reason, e, NO_SUPPORTED_METHODS))) {
            return MessageKind.NO_AUTH_METHODS;
        }
        return MessageKind.RECEIVED_DISCONNECT;
    }
}
