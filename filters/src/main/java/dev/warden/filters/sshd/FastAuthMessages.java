package dev.warden.filters.sshd;

import dev.warden.core.spi.IpAddress;

import static dev.warden.core.spi.LineBytes.ascii;
import static dev.warden.core.spi.LineBytes.contentEquals;
import static dev.warden.core.spi.LineBytes.indexOf;
import static dev.warden.core.spi.LineBytes.skipDigits;
import static dev.warden.core.spi.LineBytes.startsWith;
import static dev.warden.core.spi.LineBytes.tokenEnd;
import static dev.warden.filters.sshd.FastBytes.FROM;
import static dev.warden.filters.sshd.FastBytes.PORT;
import static dev.warden.filters.sshd.FastBytes.SSH;
import static dev.warden.filters.sshd.FastBytes.fromBefore;
import static dev.warden.filters.sshd.FastBytes.portTail;
import static dev.warden.filters.sshd.FastBytes.string;
import static dev.warden.filters.sshd.FastBytes.stripSsh;
import static dev.warden.filters.sshd.FastMessages.UNDECIDED;

/**
 * The fast parsers of an authentication attempt's outcome, {@code Failed M for [invalid user ]U from A ...}
 * and {@code Accepted M for U from A ...}, with the method name; the regex counterparts are in
 * {@link AuthMessages}. An invalid user's name is the client's choice and precedes the address; a valid
 * user's is a local account, but key information the client partly controls may follow the address: the
 * injection rules stated on {@link FastMessages} cover both.
 *
 * <p>{@link FastMessages#parse} calls each on a printable-ASCII message that starts with the
 * package-private literal of the same name here, passing the message's start. Same contract as there: the
 * regex path's event or {@code UNDECIDED}; never throws; stateless.
 */
final class FastAuthMessages {

    static final byte[] FAILED = ascii("Failed ");
    static final byte[] ACCEPTED = ascii("Accepted ");
    private static final byte[] FOR = ascii(" for ");
    private static final byte[] FOR_INVALID = ascii(" for invalid user ");

    private static final String[] METHODS = {"password", "publickey", "keyboard-interactive/pam",
        "keyboard-interactive", "none", "hostbased", "gssapi-with-mic"};
    private static final byte[][] METHOD_BYTES = new byte[METHODS.length][];

    static {
        for (int i = 0; i < METHODS.length; i++) {
            METHOD_BYTES[i] = ascii(METHODS[i]);
        }
    }

    private FastAuthMessages() {
    }


    /** {@code Failed M for [invalid user ]U from A port N[ ssh2][: info]}. */
    static SshdEvent failed(byte[] b, int s, int e, boolean preauth) {
        int methodEnd = indexOf(b, s + FAILED.length, e, (byte) ' ');
        if (methodEnd <= s + FAILED.length || indexOf(b, s, e, FOR) != methodEnd) {
            return UNDECIDED;
        }
        String method = method(b, s + FAILED.length, methodEnd);
        if (startsWith(b, methodEnd, e, FOR_INVALID)) {
            int u = methodEnd + FOR_INVALID.length;
            int port = portTail(b, u, stripSsh(b, u, e));
            int from = fromBefore(b, u, port);
            IpAddress address = from < 0 ? null : IpAddress.parse(b, from + FROM.length, port);
            return address == null ? UNDECIDED
                    : new SshdEvent(MessageKind.FAILED_METHOD, address, string(b, u, from), preauth, method);
        }
        int u = methodEnd + FOR.length;
        int from = indexOf(b, u, e, FROM);
        IpAddress address = from < 0 ? null : validTail(b, from + FROM.length, e);
        if (address == null) {
            return UNDECIDED;
        }
        MessageKind kind = method.equals("publickey") ? MessageKind.PUBLICKEY_PROBE : MessageKind.FAILED_METHOD;
        return new SshdEvent(kind, address, string(b, u, from), preauth, method);
    }

    /** {@code Accepted M for U from A port N[ ssh2][: info]}. */
    static SshdEvent accepted(byte[] b, int s, int e, boolean preauth) {
        int methodEnd = indexOf(b, s + ACCEPTED.length, e, (byte) ' ');
        if (methodEnd <= s + ACCEPTED.length || !startsWith(b, methodEnd, e, FOR)) {
            return UNDECIDED;
        }
        int u = methodEnd + FOR.length;
        int from = indexOf(b, u, e, FROM);
        IpAddress address = from < 0 ? null : validTail(b, from + FROM.length, e);
        return address == null ? UNDECIDED : new SshdEvent(MessageKind.ACCEPTED, address, string(b, u, from), preauth);
    }

    /**
     * After a valid user's {@code from }: {@code A[ port N[ sshD][: anything]]} to the end; the address, or
     * null for any other tail.
     */
    private static IpAddress validTail(byte[] b, int a, int e) {
        int ae = tokenEnd(b, a, e);
        if (ae == a) {
            return null;
        }
        if (ae < e) {
            if (!startsWith(b, ae, e, PORT)) {
                return null;
            }
            int p = skipDigits(b, ae + PORT.length, e);
            if (p == ae + PORT.length) {
                return null;
            }
            if (p < e) {
                if (!startsWith(b, p, e, SSH)) {
                    return null;
                }
                p = skipDigits(b, p + SSH.length, e);
                if (p < e && !(e - p >= 2 && b[p] == ':' && b[p + 1] == ' ')) {
                    return null;
                }
            }
        }
        return IpAddress.parse(b, a, ae);
    }

    /** The method name, shared for the usual ones. */
    private static String method(byte[] b, int s, int e) {
        for (int i = 0; i < METHOD_BYTES.length; i++) {
            if (contentEquals(b, s, e, METHOD_BYTES[i])) {
                return METHODS[i];
            }
        }
        return string(b, s, e);
    }
}
