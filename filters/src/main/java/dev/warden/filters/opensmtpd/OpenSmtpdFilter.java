package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.FailureSink;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.LogLine;

/**
 * Failed SMTP AUTH in OpenSMTPD 6.5+/7.x logs. smtpd writes the client address only on a session's
 * {@code connected} line and the failure on a later {@code authentication} line of the same session,
 * so this filter keeps a {@link SessionTable} from session id (and syslog host) to address:
 * <pre>
 * &lt;id&gt; smtp connected address=&lt;A&gt; host=&lt;H&gt;          binds the session to A
 * &lt;id&gt; smtp authentication user=&lt;U&gt; result=permfail  one failure of A
 * &lt;id&gt; smtp disconnected reason=...                  forgets the session
 * </pre>
 * Only smtpd's own fields at fixed places are read: the 16-hex-digit id that starts the message, the
 * event word after it, the address token right after {@code connected address=}, and the result that
 * smtpd writes last. Everything a client can influence ({@code user=}, {@code host=}, {@code command=},
 * {@code result="..."}) is never searched, so text in it cannot forge an address or a failure.
 * {@code failed-command ... result="535 ..."} repeats each failure and is ignored.
 *
 * <p><b>Hot path:</b> no regex, no String, no allocation per line; only a new session allocates its
 * {@link IpAddress}. Checks run cheapest first: tag, the fixed {@code " smtp "} after the id, then the
 * event word's first byte.
 *
 * <p><b>Threading:</b> an instance is only called from its jail's thread (see {@link Filter}); it uses no
 * locks and must not be shared between jails.
 */
final class OpenSmtpdFilter implements Filter {

    /** The failure kind reported to core. */
    static final String KIND = "auth";

    private static final byte[] TAG = Bytes.ascii("smtpd");
    private static final byte[] SMTP = Bytes.ascii(" smtp ");
    private static final byte[] CONNECTED = Bytes.ascii("connected address=");
    private static final byte[] HOST = Bytes.ascii(" host=");
    private static final byte[] LOCAL = Bytes.ascii("local");
    private static final byte[] IPV6_TAG = Bytes.ascii("IPv6:");
    private static final byte[] AUTHENTICATION = Bytes.ascii("authentication user=");
    private static final byte[] PERMFAIL = Bytes.ascii(" result=permfail");
    private static final byte[] DISCONNECTED = Bytes.ascii("disconnected");

    private static final int ID_LENGTH = SessionIds.LENGTH;
    private static final int EVENT_OFFSET = ID_LENGTH + 6;

    private final SessionTable sessions;
    private final HostIds hosts = new HostIds();

    OpenSmtpdFilter(SessionTable sessions) {
        this.sessions = sessions;
    }

    /** The session table, for tests. */
    SessionTable sessions() {
        return sessions;
    }

    @Override
    public void accept(LogLine line, FailureSink sink) {
        if (!line.tagIs(TAG) || line.pid() < 0) {
            return;
        }
        byte[] b = line.bytes();
        int m = line.messageStart();
        int end = line.end();
        int event = m + EVENT_OFFSET;
        if (event >= end || !Bytes.startsWith(b, m + ID_LENGTH, end, SMTP)) {
            return;
        }
        switch (b[event]) {
            case 'c' -> connected(line, b, m, event, end);
            case 'a' -> authentication(line, sink, b, m, event, end);
            case 'd' -> disconnected(line, b, m, event, end);
            default -> {
                // tls, message, envelope, failed-command, bad-input, ...: nothing to learn
            }
        }
    }

    /** {@code connected address=A host=H}: a new session, bound to A when A is a client address. */
    private void connected(LogLine line, byte[] b, int m, int event, int end) {
        if (!Bytes.startsWith(b, event, end, CONNECTED) || !SessionIds.isId(b, m)) {
            return;
        }
        int from = event + CONNECTED.length;
        int to = from;
        while (to < end && b[to] != ' ') {
            to++;
        }
        if (!Bytes.startsWith(b, to, end, HOST)) {
            return;
        }
        long now = line.epochMillis();
        sessions.advance(now);
        long id = SessionIds.parse(b, m);
        int host = hosts.idOf(b, line.hostStart(), line.hostEnd());
        IpAddress address = address(b, from, to);
        if (address == null) {
            sessions.remove(id, host); // local, or unreadable: failures of this session are unattributed
        } else {
            sessions.bind(id, host, address, now);
        }
    }

    /** {@code authentication user=U result=R}: a failure when R, written last, is {@code permfail}. */
    private void authentication(LogLine line, FailureSink sink, byte[] b, int m, int event, int end) {
        if (!Bytes.startsWith(b, event, end, AUTHENTICATION) || !SessionIds.isId(b, m)) {
            return;
        }
        long now = line.epochMillis();
        sessions.advance(now);
        int result = end - PERMFAIL.length;
        boolean permfail = result >= event + AUTHENTICATION.length && Bytes.startsWith(b, result, end, PERMFAIL);
        IpAddress address = sessions.touch(SessionIds.parse(b, m), hosts.idOf(b, line.hostStart(), line.hostEnd()), now);
        if (!permfail) {
            return;
        }
        if (address == null) {
            sink.unattributed(now, KIND);
        } else {
            sink.failure(address, now, KIND);
        }
    }

    /** {@code disconnected ...}: the session is over; its id may be bound anew. */
    private void disconnected(LogLine line, byte[] b, int m, int event, int end) {
        int after = event + DISCONNECTED.length;
        if (!Bytes.startsWith(b, event, end, DISCONNECTED) || after < end && b[after] != ' ' || !SessionIds.isId(b, m)) {
            return;
        }
        sessions.advance(line.epochMillis());
        sessions.remove(SessionIds.parse(b, m), hosts.idOf(b, line.hostStart(), line.hostEnd()));
    }

    /** The client address in {@code b[from, to)}: dotted IPv4, {@code IPv6:v6}, {@code [v6]} or bare v6. */
    static IpAddress address(byte[] b, int from, int to) {
        if (Bytes.startsWith(b, from, to, LOCAL) && to - from == LOCAL.length) {
            return null;
        }
        if (Bytes.startsWith(b, from, to, IPV6_TAG)) {
            return ipv6(b, from + IPV6_TAG.length, to);
        }
        if (to - from > 2 && b[from] == '[' && b[to - 1] == ']') {
            return ipv6(b, from + 1, to - 1);
        }
        return IpAddress.parse(b, from, to);
    }

    /** Only an IPv6 literal may follow {@code IPv6:} or sit in brackets (IpAddress maps v4-mapped ones). */
    private static IpAddress ipv6(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == ':') {
                return IpAddress.parse(b, from, to);
            }
        }
        return null;
    }
}
