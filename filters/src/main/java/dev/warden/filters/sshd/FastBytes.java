package dev.warden.filters.sshd;

import java.nio.charset.StandardCharsets;

import static dev.warden.core.spi.LineBytes.ascii;
import static dev.warden.core.spi.LineBytes.endsWith;
import static dev.warden.core.spi.LineBytes.startsWith;
import static dev.warden.core.spi.LineBytes.tokenStart;

/**
 * The byte helpers the fast parsers ({@link FastMessages} and its families) share: finding sshd's
 * {@code  from A}, {@code  port N} and {@code  ssh2} by reading backwards from the end of a message (the
 * injection rule stated on {@link FastMessages}), and decoding a slice as the regex path's String does.
 * Indices are into {@code b}; a range {@code [s, e)} is the part of the message looked at. Stateless;
 * nothing here allocates but {@link #string}.
 */
final class FastBytes {

    static final byte[] FROM = ascii(" from ");
    static final byte[] PORT = ascii(" port ");
    static final byte[] SSH = ascii(" ssh");

    private FastBytes() {
    }

    /**
     * For {@code b[u, port)} ending in {@code " from A"} with a blank-free, non-empty A (port being the
     * result of {@link #portTail} or any other end of A, -1 allowed): the index of that {@code " from "} (at
     * least {@code u}), else -1.
     * With a greedy user group before it, this is the match's {@code from}: none can come later.
     */
    static int fromBefore(byte[] b, int u, int port) {
        if (port < 0) {
            return -1;
        }
        int a = tokenStart(b, u, port);
        int from = a - FROM.length;
        return a == port || from < u || !startsWith(b, from, port, FROM) ? -1 : from;
    }

    /**
     * For {@code b[u, port)} read as {@code U A} (a user name from {@code u}, one blank, A up to {@code port},
     * {@code port} not negative): where A starts, or -1 when A is empty or no blank follows a user name.
     */
    static int addressAfterUser(byte[] b, int u, int port) {
        int a = tokenStart(b, u, port);
        return a == port || a - 1 < u ? -1 : a;
    }

    /** If {@code b[s, e)} ends with {@code " ssh"} and digits, the index of that blank; else {@code e}. */
    static int stripSsh(byte[] b, int s, int e) {
        int d = digitsBefore(b, s, e);
        return endsWith(b, s, d, SSH) ? d - SSH.length : e;
    }

    /** If {@code b[s, e)} ends with {@code " port "} and at least one digit, the index of that blank; else -1. */
    static int portTail(byte[] b, int s, int e) {
        int d = digitsBefore(b, s, e);
        return d < e && endsWith(b, s, d, PORT) ? d - PORT.length : -1;
    }

    /** Where the ASCII digits that end {@code b[s, e)} start ({@code e} when it does not end with one). */
    private static int digitsBefore(byte[] b, int s, int e) {
        int d = e;
        while (d > s && b[d - 1] >= '0' && b[d - 1] <= '9') {
            d--;
        }
        return d;
    }

    /** {@code b[s, e)} as the regex path decodes it (the caller has checked it is printable ASCII). */
    static String string(byte[] b, int s, int e) {
        return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
    }
}
