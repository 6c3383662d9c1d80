package dev.warden.filters.sshd;

import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.LineBytes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static dev.warden.core.spi.LineBytes.ascii;
import static dev.warden.core.spi.LineBytes.contentEquals;
import static dev.warden.core.spi.LineBytes.endsWith;
import static dev.warden.core.spi.LineBytes.indexOf;
import static dev.warden.core.spi.LineBytes.lastIndexOf;
import static dev.warden.core.spi.LineBytes.skipDigits;
import static dev.warden.core.spi.LineBytes.skipSpaces;
import static dev.warden.core.spi.LineBytes.startsWith;
import static dev.warden.core.spi.LineBytes.tokenEnd;
import static dev.warden.core.spi.LineBytes.tokenStart;
import static dev.warden.filters.sshd.FastBytes.FROM;
import static dev.warden.filters.sshd.FastBytes.PORT;
import static dev.warden.filters.sshd.FastBytes.SSH;
import static dev.warden.filters.sshd.FastBytes.fromBefore;
import static dev.warden.filters.sshd.FastBytes.portTail;
import static dev.warden.filters.sshd.FastBytes.string;
import static dev.warden.filters.sshd.FastBytes.stripSsh;
import static dev.warden.filters.sshd.FastConnectMessages.BANNER;
import static dev.warden.filters.sshd.FastConnectMessages.CONNECTION_FROM;
import static dev.warden.filters.sshd.FastConnectMessages.KEX;
import static dev.warden.filters.sshd.FastConnectMessages.NEGOTIATE;
import static dev.warden.filters.sshd.FastConnectMessages.TIMEOUT;
import static dev.warden.filters.sshd.FastConnectMessages.banner;
import static dev.warden.filters.sshd.FastConnectMessages.connect;
import static dev.warden.filters.sshd.FastConnectMessages.kex;
import static dev.warden.filters.sshd.FastConnectMessages.negotiate;
import static dev.warden.filters.sshd.FastConnectMessages.timeout;
import static dev.warden.filters.sshd.FastDisconnectMessages.CLOSED;
import static dev.warden.filters.sshd.FastDisconnectMessages.DISCONNECTED;
import static dev.warden.filters.sshd.FastDisconnectMessages.RECEIVED;
import static dev.warden.filters.sshd.FastDisconnectMessages.RESET;
import static dev.warden.filters.sshd.FastDisconnectMessages.peer;
import static dev.warden.filters.sshd.FastDisconnectMessages.received;
import static dev.warden.filters.sshd.FastPamMessages.PAM;
import static dev.warden.filters.sshd.FastPamMessages.pam;

/**
 * Hand-written byte parsers for the message shapes that make up most of an attacked host's log
 * ({@code Failed}, {@code Invalid user}, closes and disconnects, {@code Received disconnect}, PAM,
 * {@code Accepted}, the common scanners, VERBOSE's {@code Connection from}, {@code User U from A not allowed
 * because ...}), tried before the re2j patterns of {@link MessageCatalogue}.
 *
 * <p>Each parser yields <em>exactly</em> the event the regex path yields for the same bytes, or
 * {@link #UNDECIDED} when the line is anything but the plain shape (non-printable or non-ASCII bytes, key
 * info after a {@code Failed ... invalid user}, {@code on A port N}, host names, ...); then the regexes
 * decide. {@link #NONE} means "the regex path certainly yields nothing". {@code SshdFastPathTest} checks the
 * equality line by line against the regex-only catalogue.
 *
 * <p>Injection rules are those of docs/sshd.md: where the client's user name precedes the address, the
 * address is read backwards from the end of the message ({@code A port N[ ssh2]}, {@code A not allowed
 * because }), so the last address wins; for a valid user's {@code Failed}/{@code Accepted}, the first
 * {@code from} after the name (as the lazy regex). Stateless; allocates only the event, its address and
 * the user/method strings it carries.
 */
final class FastMessages {

    /** Not decided here: ask the regexes. */
    static final SshdEvent UNDECIDED = new SshdEvent(MessageKind.HINT, null, "undecided", false);
    /** Decided: no event (the regex path yields null too). */
    static final SshdEvent NONE = new SshdEvent(MessageKind.HINT, null, "none", false);

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] FAILED = ascii("Failed ");
    private static final byte[] ACCEPTED = ascii("Accepted ");
    private static final byte[] FOR = ascii(" for ");
    private static final byte[] FOR_INVALID = ascii(" for invalid user ");
    private static final byte[] USER = ascii("User ");
    private static final byte[] USER_NOT_KNOWN = ascii("User not known ");
    private static final byte[] NOT_ALLOWED = ascii(" not allowed because ");
    private static final byte[] ACCOUNT_LOCKED = ascii(" not allowed because account is locked");
    private static final byte[][] INVALID_PREFIXES = {ascii("Invalid user "), ascii("invalid user "),
        ascii("Illegal user "), ascii("illegal user ")};

    private static final byte[] MAXIMUM = ascii("maximum authentication attempts exceeded for ");
    private static final byte[] DISCONNECTING = ascii("Disconnecting");
    private static final byte[] TOO_MANY = ascii(": Too many authentication failures");
    private static final byte[] TOO_MANY_FOR = ascii(": Too many authentication failures for ");
    private static final byte[] SPACE_INVALID_USER = ascii(" invalid user ");
    private static final byte[] SPACE_AUTHENTICATING_USER = ascii(" authenticating user ");

    private static final String[] METHODS = {"password", "publickey", "keyboard-interactive/pam",
        "keyboard-interactive", "none", "hostbased", "gssapi-with-mic"};
    private static final byte[][] METHOD_BYTES = new byte[METHODS.length][];

    static {
        for (int i = 0; i < METHODS.length; i++) {
            METHOD_BYTES[i] = ascii(METHODS[i]);
        }
    }

    private FastMessages() {
    }

    /**
     * The event of the message {@code b[s, e)} (s &lt; e), {@link #NONE} when the regex path would yield
     * none, or {@link #UNDECIDED}. Never throws.
     */
    static SshdEvent parse(byte[] b, int s, int e, boolean preauth) {
        if (!printableAscii(b, s, e)) {
            return UNDECIDED;
        }
        return switch (b[s]) {
            case 'F' -> startsWith(b, s, e, FAILED) ? failed(b, s, e, preauth) : UNDECIDED;
            case 'A' -> startsWith(b, s, e, ACCEPTED) ? accepted(b, s, e, preauth) : UNDECIDED;
            case 'C' -> startsWith(b, s, e, CLOSED) ? peer(b, s + CLOSED.length, e, preauth, false)
                    : startsWith(b, s, e, RESET) ? peer(b, s + RESET.length, e, preauth, false)
                    : startsWith(b, s, e, CONNECTION_FROM) ? connect(b, s + CONNECTION_FROM.length, e, preauth)
                    : UNDECIDED;
            case 'D' -> startsWith(b, s, e, DISCONNECTED) ? peer(b, s + DISCONNECTED.length, e, preauth, true)
                    : startsWith(b, s, e, DISCONNECTING) ? tooMany(b, s + DISCONNECTING.length, e, preauth) : UNDECIDED;
            case 'I', 'i' -> invalidUser(b, s, e, preauth);
            case 'R' -> startsWith(b, s, e, RECEIVED) ? received(b, s + RECEIVED.length, e, preauth) : UNDECIDED;
            case 'p' -> startsWith(b, s, e, PAM) ? pam(b, s + PAM.length, e, preauth) : UNDECIDED;
            case 'U' -> startsWith(b, s, e, NEGOTIATE) ? negotiate(b, s + NEGOTIATE.length, e, preauth)
                    : startsWith(b, s, e, USER) ? notAllowed(b, s, e, preauth) : UNDECIDED;
            case 'T' -> startsWith(b, s, e, TIMEOUT) ? timeout(b, s + TIMEOUT.length, e, preauth) : UNDECIDED;
            case 'b' -> startsWith(b, s, e, BANNER) ? banner(b, s + BANNER.length, e, preauth) : UNDECIDED;
            case 'k' -> startsWith(b, s, e, KEX) ? kex(b, s + KEX.length, e, preauth) : UNDECIDED;
            case 'm' -> startsWith(b, s, e, MAXIMUM) ? maximum(b, s + MAXIMUM.length, e, preauth) : UNDECIDED;
            default -> UNDECIDED;
        };
    }

    /**
     * Whether {@code b[s, e)} holds only bytes 0x20..0x7F: then the regexes' {@code \\s} is a blank, their
     * {@code .} matches every byte, and a substring between blanks decodes as the regex path's String does.
     * Eight bytes at a time: a byte is below 0x20 or above 0x7F when its high bit is set in
     * {@code (x - 0x20..) | x}.
     */
    static boolean printableAscii(byte[] b, int s, int e) {
        int i = s;
        for (; i + Long.BYTES <= e; i += Long.BYTES) {
            long x = (long) LONGS.get(b, i);
            if ((((x - 0x2020202020202020L) | x) & 0x8080808080808080L) != 0) {
                return false;
            }
        }
        for (; i < e; i++) {
            if (b[i] < 0x20) {
                return false;
            }
        }
        return true;
    }

    /** {@code Failed M for [invalid user ]U from A port N[ ssh2][: info]}. */
    private static SshdEvent failed(byte[] b, int s, int e, boolean preauth) {
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
    private static SshdEvent accepted(byte[] b, int s, int e, boolean preauth) {
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

    /** {@code Invalid user U from A port N} (and invalid/Illegal/illegal). */
    private static SshdEvent invalidUser(byte[] b, int s, int e, boolean preauth) {
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
    private static SshdEvent notAllowed(byte[] b, int s, int e, boolean preauth) {
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
    private static SshdEvent maximum(byte[] b, int u, int e, boolean preauth) {
        int port = portTail(b, u, stripSsh(b, u, e));
        int from = fromBefore(b, u, port);
        IpAddress address = from < 0 ? null : IpAddress.parse(b, from + FROM.length, port);
        return address == null ? UNDECIDED : new SshdEvent(MessageKind.MAX_ATTEMPTS, address, null, preauth);
    }

    /**
     * After {@code Disconnecting}: {@code : Too many authentication failures[ for ...]} (no address) or
     * {@code  invalid|authenticating user U A port N: Too many authentication failures} (nothing after).
     */
    private static SshdEvent tooMany(byte[] b, int r, int e, boolean preauth) {
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
        int a = tokenStart(b, u, port);
        if (a == port || a - 1 < u) {
            return UNDECIDED;
        }
        IpAddress address = IpAddress.parse(b, a, port);
        return address == null ? UNDECIDED : new SshdEvent(MessageKind.TOO_MANY, address, null, preauth);
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
