package dev.warden.filters.sshd;

import dev.warden.core.spi.IpAddress;

import static dev.warden.core.spi.LineBytes.ascii;
import static dev.warden.core.spi.LineBytes.skipSpaces;
import static dev.warden.core.spi.LineBytes.startsWith;
import static dev.warden.core.spi.LineBytes.tokenEnd;
import static dev.warden.filters.sshd.FastBytes.string;
import static dev.warden.filters.sshd.FastMessages.NONE;
import static dev.warden.filters.sshd.FastMessages.UNDECIDED;

/**
 * The fast parser of PAM's {@code pam_X(sshd:auth): authentication failure; ...} (the {@code PAM} pattern of
 * {@link AuthMessages}), called by {@link FastMessages#parse} on a printable-ASCII message after it matched
 * {@link #PAM}. Same contract as there: the regex path's event, {@code NONE} or {@code UNDECIDED}; never
 * throws. The address is {@code rhost=}, written by PAM before the client-chosen {@code user=}.
 */
final class FastPamMessages {

    static final byte[] PAM = ascii("pam_");
    private static final byte[] SSHD_AUTH = ascii("(sshd:auth):");
    private static final byte[] AUTH_FAILURE = ascii("authentication failure;");
    private static final byte[][] PAM_FIELDS = {ascii("logname="), ascii("uid="), ascii("euid="), ascii("tty=")};
    private static final byte[] RUSER = ascii("ruser=");
    private static final byte[] RHOST = ascii("rhost=");
    private static final byte[] PAM_USER = ascii("user=");

    private FastPamMessages() {
    }

    /** {@code pam_X(sshd:auth): authentication failure; [logname= uid= euid= tty=] ruser=R rhost=A[ user=U]}. */
    static SshdEvent pam(byte[] b, int p, int e, boolean preauth) {
        int n = p;
        while (n < e && (b[n] >= 'a' && b[n] <= 'z' || b[n] >= '0' && b[n] <= '9' || b[n] == '_')) {
            n++;
        }
        if (n == p || !startsWith(b, n, e, SSHD_AUTH)) {
            // no other pattern starts with "pam_"; a (sshd:session) or (sshd:account) line is none of ours
            return n > p && n < e && b[n] == '(' && !startsWith(b, n, e, SSHD_AUTH) ? NONE : UNDECIDED;
        }
        p = skipSpaces(b, n + SSHD_AUTH.length, e);
        if (p == n + SSHD_AUTH.length || !startsWith(b, p, e, AUTH_FAILURE)) {
            // printable ASCII only here, so the regex's \s+ is blanks: "check pass; user unknown" is none
            return NONE;
        }
        int ruser = ruser(b, p + AUTH_FAILURE.length, e);
        return ruser < 0 ? UNDECIDED : hostAndUser(b, ruser, e, preauth);
    }

    /**
     * After {@code authentication failure;}: skips the blank-led {@code logname= uid= euid= tty=} fields and
     * returns the index just after the blank-led {@code ruser=} that follows them, or -1 for any other text.
     */
    private static int ruser(byte[] b, int p, int e) {
        while (true) {
            int q = skipSpaces(b, p, e);
            if (q == p) {
                return -1;
            }
            if (startsWith(b, q, e, RUSER)) {
                return q + RUSER.length;
            }
            boolean field = false;
            for (byte[] f : PAM_FIELDS) {
                if (startsWith(b, q, e, f)) {
                    field = true;
                    break;
                }
            }
            if (!field) {
                return -1;
            }
            p = tokenEnd(b, q, e);
        }
    }

    /** {@code R rhost=A[ user=U]}, {@code ruser} being R's start: the event, or {@code UNDECIDED}. */
    private static SshdEvent hostAndUser(byte[] b, int ruser, int e, boolean preauth) {
        int ruserEnd = tokenEnd(b, ruser, e);
        int q = skipSpaces(b, ruserEnd, e);
        if (q == ruserEnd || !startsWith(b, q, e, RHOST)) {
            return UNDECIDED;
        }
        int host = q + RHOST.length;
        int hostEnd = tokenEnd(b, host, e);
        if (hostEnd == host) {
            return UNDECIDED;
        }
        String user;
        if (hostEnd == e) {
            user = string(b, ruser, ruserEnd);
        } else {
            q = skipSpaces(b, hostEnd, e);
            if (!startsWith(b, q, e, PAM_USER)) {
                return UNDECIDED;
            }
            int us = skipSpaces(b, q + PAM_USER.length, e);
            int ue = e;
            while (ue > us && b[ue - 1] == ' ') {
                ue--;
            }
            user = ue > us ? string(b, us, ue) : string(b, ruser, ruserEnd);
        }
        IpAddress address = IpAddress.parse(b, host, hostEnd);
        return address == null ? UNDECIDED : new SshdEvent(MessageKind.PAM_FAILURE, address, user, preauth);
    }
}
