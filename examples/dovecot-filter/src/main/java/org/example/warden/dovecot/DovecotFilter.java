package org.example.warden.dovecot;

import dev.warden.core.spi.FailureSink;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.LineBytes;
import dev.warden.core.spi.LogLine;

import static dev.warden.core.spi.LineBytes.ascii;
import static dev.warden.core.spi.LineBytes.indexOf;
import static dev.warden.core.spi.LineBytes.lastIndexOf;
import static dev.warden.core.spi.LineBytes.startsWith;

/**
 * Reads the line a dovecot login process writes through syslog when a client leaves without logging in
 * (Dovecot 2.2 and 2.3, then 2.4):
 * <pre>
 * dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=&lt;admin&gt;, method=PLAIN, rip=192.0.2.10, lip=203.0.113.1, TLS, session=&lt;kq1uVwqNbsDAAgAK&gt;
 * dovecot: imap-login: Login aborted: Connection closed (auth failed, 3 attempts in 16 secs) (auth_failed): user=&lt;info&gt;, method=PLAIN, rip=198.51.100.20, lip=203.0.113.1, TLS, session=&lt;CvN+E95Uf4e7eEnj&gt;
 * </pre>
 * One such line is one failure of the {@code rip=} address. The user name (up to 80 characters chosen by
 * the client) comes before it, so the address is taken only from the {@code method=M, rip=A} pair dovecot
 * writes after the user name: the last {@code , method=} of the line, followed by the last {@code , rip=}.
 * A failed login whose line has no such pair is reported as unattributed. In aggressive mode, connections
 * that never tried to log in count too; their user name is empty, so their line reads
 * {@code (no auth attempts in 0 secs): user=<>, rip=A}.
 *
 * <p><b>Threading:</b> an instance belongs to one jail and is only called from that jail's thread; it has
 * no mutable state at all. <b>Failure:</b> never throws; a line it cannot read is not a failure.
 * <b>Cost:</b> {@link LineBytes} comparisons on a view of Warden's buffer; the only allocation is the address.
 */
final class DovecotFilter implements Filter {

    private static final byte[] TAG = ascii("dovecot");
    private static final byte[] LOGIN = ascii("-login: ");
    private static final byte[][] LEAVING = {ascii("Disconnected"), ascii("Aborted login"), ascii("Login aborted")};
    private static final byte[] REASON = ascii(" (");
    private static final byte CLOSE = ')';
    private static final byte[] AUTH_FAILED = ascii("(auth failed, ");
    private static final byte[] NO_AUTH = ascii("(no auth attempts in ");
    private static final byte[] NOT_READY = ascii("(disconnected before auth was ready, ");
    private static final byte[] METHOD = ascii(", method=");
    private static final byte[] RIP = ascii(", rip=");
    private static final byte[] NO_USER_RIP = ascii(": user=<>, rip=");
    private static final byte[] FIELD_END = ascii(", ");

    private final boolean aggressive;

    DovecotFilter(boolean aggressive) {
        this.aggressive = aggressive;
    }

    @Override
    public void accept(LogLine line, FailureSink sink) {
        if (!line.tagIs(TAG)) {
            return;
        }
        byte[] b = line.bytes();
        int end = line.end();
        int reason = reasonStart(b, line.messageStart(), end);
        if (reason < 0) {
            return;
        }
        if (startsWith(b, reason, end, AUTH_FAILED)) {
            report(methodAndRip(b, reason, end), line, sink, "auth");
        } else if (aggressive && (startsWith(b, reason, end, NO_AUTH) || startsWith(b, reason, end, NOT_READY))) {
            report(emptyUserRip(b, reason, end), line, sink, "no-auth");
        }
    }

    private static void report(IpAddress address, LogLine line, FailureSink sink, String kind) {
        if (address == null) {
            sink.unattributed(line.epochMillis(), kind);
        } else {
            sink.failure(address, line.epochMillis(), kind);
        }
    }

    /**
     * Where dovecot's reason in parentheses starts, or -1 when the message is not a login process's
     * "leaving without login" line: {@code SERVICE-login: Disconnected|Aborted login|Login aborted...}
     * up to the first {@code " ("}. Everything before that is dovecot's own text.
     */
    private static int reasonStart(byte[] b, int from, int end) {
        int p = from;
        while (p < end && (b[p] >= 'a' && b[p] <= 'z' || b[p] >= '0' && b[p] <= '9')) {
            p++;
        }
        if (p == from || !startsWith(b, p, end, LOGIN)) {
            return -1;
        }
        p += LOGIN.length;
        for (byte[] leaving : LEAVING) {
            if (startsWith(b, p, end, leaving)) {
                int paren = indexOf(b, p, end, REASON);
                return paren < 0 ? -1 : paren + 1;
            }
        }
        return -1;
    }

    /**
     * The address of {@code , method=M, rip=A}, where that {@code , method=} is the last in the line and
     * that {@code , rip=} is the last: dovecot writes both after the user name, so client text cannot be
     * either. Null when the line has no such pair (a connection on a UNIX socket has no rip).
     */
    private static IpAddress methodAndRip(byte[] b, int from, int end) {
        int m = lastIndexOf(b, from, end, METHOD);
        if (m < 0) {
            return null;
        }
        int mechanism = m + METHOD.length;
        int p = mechanism;
        while (p < end && isMechanismChar(b[p])) {
            p++;
        }
        if (p == mechanism || !startsWith(b, p, end, RIP) || lastIndexOf(b, p + 1, end, RIP) >= 0) {
            return null;
        }
        int address = p + RIP.length;
        return IpAddress.parse(b, address, fieldEnd(b, address, end));
    }

    /**
     * The address of a line whose reason is followed by {@code : user=<>, rip=A} (after Dovecot 2.4's
     * {@code " (event_reason)"}): with an empty user name nothing in the line was chosen by the client.
     */
    private static IpAddress emptyUserRip(byte[] b, int reason, int end) {
        int p = indexOf(b, reason, end, CLOSE);
        if (p < 0) {
            return null;
        }
        p++;
        if (startsWith(b, p, end, REASON)) {
            p = indexOf(b, p + REASON.length, end, CLOSE);
            if (p < 0) {
                return null;
            }
            p++;
        }
        if (!startsWith(b, p, end, NO_USER_RIP)) {
            return null;
        }
        int address = p + NO_USER_RIP.length;
        return IpAddress.parse(b, address, fieldEnd(b, address, end));
    }

    /** SASL mechanism names: {@code PLAIN}, {@code LOGIN}, {@code SCRAM-SHA-256}, {@code XOAUTH2}... */
    private static boolean isMechanismChar(byte c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }

    /** Where the field starting at {@code from} ends: at the next {@code ", "}, or at the end of the line. */
    private static int fieldEnd(byte[] b, int from, int end) {
        int p = indexOf(b, from, end, FIELD_END);
        return p < 0 ? end : p;
    }
}
