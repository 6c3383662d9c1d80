package dev.warden.filters.sshd;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static dev.warden.core.spi.LineBytes.startsWith;
import static dev.warden.filters.sshd.FastAuthMessages.ACCEPTED;
import static dev.warden.filters.sshd.FastAuthMessages.FAILED;
import static dev.warden.filters.sshd.FastAuthMessages.accepted;
import static dev.warden.filters.sshd.FastAuthMessages.failed;
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
import static dev.warden.filters.sshd.FastRefusalMessages.DISCONNECTING;
import static dev.warden.filters.sshd.FastRefusalMessages.MAXIMUM;
import static dev.warden.filters.sshd.FastRefusalMessages.USER;
import static dev.warden.filters.sshd.FastRefusalMessages.invalidUser;
import static dev.warden.filters.sshd.FastRefusalMessages.maximum;
import static dev.warden.filters.sshd.FastRefusalMessages.notAllowed;
import static dev.warden.filters.sshd.FastRefusalMessages.tooMany;

/**
 * The fast path: hand-written byte parsers for the message shapes that make up most of an attacked host's
 * log, tried before the re2j patterns of {@link MessageCatalogue}. This class is the entry point: it checks
 * the bytes and picks the parser by the message's first byte and literal prefix; the parsers live by
 * message family in {@link FastAuthMessages} ({@code Failed}, {@code Accepted}), {@link FastRefusalMessages}
 * ({@code Invalid user}, {@code not allowed}, attempt limits), {@link FastDisconnectMessages} (closes and
 * disconnects, {@code Received disconnect}), {@link FastConnectMessages} (VERBOSE's {@code Connection from},
 * negotiation failures, the common scanners) and {@link FastPamMessages}, with shared helpers in
 * {@link FastBytes}.
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
}
