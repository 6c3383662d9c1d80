package dev.warden.filters.sshd;

import dev.warden.core.spi.IpAddress;

import static dev.warden.core.spi.LineBytes.ascii;
import static dev.warden.core.spi.LineBytes.contentEquals;
import static dev.warden.core.spi.LineBytes.endsWith;
import static dev.warden.core.spi.LineBytes.lastIndexOf;
import static dev.warden.core.spi.LineBytes.startsWith;
import static dev.warden.filters.sshd.FastBytes.FROM;
import static dev.warden.filters.sshd.FastBytes.addressAfterUser;
import static dev.warden.filters.sshd.FastBytes.fromBefore;
import static dev.warden.filters.sshd.FastBytes.portTail;
import static dev.warden.filters.sshd.FastBytes.stripSsh;
import static dev.warden.filters.sshd.FastMessages.NONE;
import static dev.warden.filters.sshd.FastMessages.UNDECIDED;

/**
 * The fast parsers of sshd refusing a user: {@code Invalid user} (and its spellings), {@code User U from A
 * not allowed because R}, {@code maximum authentication attempts exceeded for U ...} and
 * {@code Disconnecting ...: Too many authentication failures}; the regex counterparts are in
 * {@link AuthMessages}. In each the client's user name comes before the address, which is therefore read
 * backwards from the end of the message, as the injection rules stated on {@link FastMessages} say.
 *
 * <p>{@link FastMessages#parse} calls each on a printable-ASCII message once it matched the prefix (the
 * package-private literal of the same name here, or the first letter for {@code invalidUser}):
 * {@code invalidUser} and {@code notAllowed} get the message's start, {@code maximum} and {@code tooMany} the
 * index after the prefix. Same contract as there: the regex path's event, {@code NONE} or {@code UNDECIDED};
 * never throws; stateless.
 */
final class FastRefusalMessages {

    static final byte[] USER = ascii("User ");
    private static final byte[] USER_NOT_KNOWN = ascii("User not known ");
    private static final byte[] NOT_ALLOWED = ascii(" not allowed because ");
    private static final byte[] ACCOUNT_LOCKED = ascii(" not allowed because account is locked");
    private static final byte[][] INVALID_PREFIXES = {ascii("Invalid user "), ascii("invalid user "),
        ascii("Illegal user "), ascii("illegal user ")};
    static final byte[] MAXIMUM = ascii("maximum authentication attempts exceeded for ");
    static final byte[] DISCONNECTING = ascii("Disconnecting");
    private static final byte[] TOO_MANY = ascii(": Too many authentication failures");
    private static final byte[] TOO_MANY_FOR = ascii(": Too many authentication failures for ");
    private static final byte[] SPACE_INVALID_USER = ascii(" invalid user ");
    private static final byte[] SPACE_AUTHENTICATING_USER = ascii(" authenticating user ");

    private FastRefusalMessages() {
    }


    /** {@code Invalid user U from A port N} (and invalid/Illegal/illegal). */
    static SshdEvent invalidUser(byte[] b, int s, int e, boolean preauth) {
        for (byte[] prefix : INVALID_PREFIXES) {
            if (startsWith(b, s, e, prefix)) {
                int u = s + prefix.length;
                int port = portTail(b, u, e);
                int from = fromBefore(b, u, port);
                IpAddress address = from < 0 ? null : IpAddress.parse(b, from + FROM.length, port);
                return address == null ? UNDECIDED : new SshdEvent(MessageKind.AUTH_FAILURE, address, null, preauth);
            }
        }
        return UNDECIDED;
    }

    /**
     * {@code User U from A not allowed because R} (AllowUsers, DenyUsers, groups, shell): the last
     * {@code " from A not allowed because "} with a reason after it, as the greedy user group takes it; failing
     * that (or with a host name for A), {@code User U not allowed because account is locked} without an
     * address. PAM's {@code User not known ...} is left to the regexes.
     */
    static SshdEvent notAllowed(byte[] b, int s, int e, boolean preauth) {
        if (startsWith(b, s, e, USER_NOT_KNOWN)) {
            return UNDECIDED;
        }
        int u = s + USER.length;
        int to = e - 1; // the reason is at least one byte
        int n;
        while ((n = lastIndexOf(b, u, to, NOT_ALLOWED)) >= 0) {
            int from = fromBefore(b, u, n);
            if (from >= 0) {
                IpAddress address = IpAddress.parse(b, from + FROM.length, n);
                if (address != null) {
                    return new SshdEvent(MessageKind.AUTH_FAILURE, address, null, preauth);
                }
                break;
            }
            to = n + NOT_ALLOWED.length - 1; // occurrences starting before n, overlapping ones included
        }
        return endsWith(b, u, e, ACCOUNT_LOCKED) ? new SshdEvent(MessageKind.LOCKED, null, null, preauth) : NONE;
    }

    /** {@code maximum authentication attempts exceeded for U from A port N[ ssh2]}. */
    static SshdEvent maximum(byte[] b, int u, int e, boolean preauth) {
        int port = portTail(b, u, stripSsh(b, u, e));
        int from = fromBefore(b, u, port);
        IpAddress address = from < 0 ? null : IpAddress.parse(b, from + FROM.length, port);
        return address == null ? UNDECIDED : new SshdEvent(MessageKind.MAX_ATTEMPTS, address, null, preauth);
    }

    /**
     * After {@code Disconnecting}: {@code : Too many authentication failures[ for ...]} (no address) or
     * {@code  invalid|authenticating user U A port N: Too many authentication failures} (nothing after).
     */
    static SshdEvent tooMany(byte[] b, int r, int e, boolean preauth) {
        if (contentEquals(b, r, e, TOO_MANY) || startsWith(b, r, e, TOO_MANY_FOR)) {
            return new SshdEvent(MessageKind.TOO_MANY, null, null, preauth);
        }
        int u = startsWith(b, r, e, SPACE_INVALID_USER) ? r + SPACE_INVALID_USER.length
                : startsWith(b, r, e, SPACE_AUTHENTICATING_USER) ? r + SPACE_AUTHENTICATING_USER.length : -1;
        if (u < 0 || !endsWith(b, u, e, TOO_MANY)) {
            return UNDECIDED;
        }
        int port = portTail(b, u, e - TOO_MANY.length);
        if (port < 0) {
            return UNDECIDED;
        }
        int a = addressAfterUser(b, u, port);
        IpAddress address = a < 0 ? null : IpAddress.parse(b, a, port);
        return address == null ? UNDECIDED : new SshdEvent(MessageKind.TOO_MANY, address, null, preauth);
    }
}
