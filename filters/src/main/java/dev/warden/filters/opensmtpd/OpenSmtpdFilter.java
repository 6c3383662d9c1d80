package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.FailureSink;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.LogLine;

/**
 * Failures in OpenSMTPD logs of every generation, reported by {@link Kind}. smtpd 6.5+ writes the client
 * address only on a session's {@code connected} line, so this filter keeps a {@link SessionTable} from
 * session id (and syslog host) to address and per-session flags:
 * <pre>
 * &lt;id&gt; smtp connected address=&lt;A&gt; host=&lt;H&gt;          binds the session to A
 * &lt;id&gt; smtp authentication user=&lt;U&gt; result=permfail  auth: one failure of A
 * &lt;id&gt; smtp failed-command command="C" result="R"     auth-on-plaintext, bad-command (by R's code)
 * &lt;id&gt; smtp bad-input result="R"                     bad-input
 * &lt;id&gt; smtp tls ..., message ..., envelope ...        the session is active (no-greeting needs it)
 * &lt;id&gt; smtp disconnected reason=...                  tls-failure, no-greeting; forgets the session
 * </pre>
 * Older generations are recognised per line: 6.0 to 6.3 write {@code smtp event=KIND address=A host=H ...}
 * ({@code closed} for {@code disconnected}), 6.4 {@code smtp KIND address=A host=H ...}, and OpenSMTPD
 * PR #1303 adds {@code addr=A} after {@code failed-command} and {@code bad-input}. Such an address, written
 * right after the event word before any client text, attributes its own line; only {@code connected}
 * binds a session. Everything a client can influence ({@code user=}, {@code host=}, {@code command=},
 * {@code result="..."}) is never searched for an address, and a failure is read only from the field smtpd
 * writes last (see {@link Fields}).
 *
 * <p><b>Hot path:</b> no regex, no String, no allocation per line; a new session allocates its
 * {@link IpAddress}, and so does a failure line of an old generation that carries its own address. Checks
 * run cheapest first: tag, the fixed {@code " smtp "} after the id, then the event word's first byte.
 * Lines only the scanner kinds need are skipped unless one of those kinds is selected, so the default
 * {@code auth} mode does exactly the work it always did.
 *
 * <p><b>Threading:</b> an instance is only called from its jail's thread (see {@link Filter}); it uses no
 * locks and must not be shared between jails.
 */
final class OpenSmtpdFilter implements Filter {

    private static final byte[] TAG = Bytes.ascii("smtpd");
    private static final byte[] SMTP = Bytes.ascii(" smtp ");
    private static final byte[] EVENT = Bytes.ascii("event=");
    private static final byte[] CONNECTED = Bytes.ascii("connected address=");
    private static final byte[] HOST = Bytes.ascii(" host=");
    private static final byte[] AUTHENTICATION = Bytes.ascii("authentication user=");
    private static final byte[] PERMFAIL = Bytes.ascii(" result=permfail");
    private static final byte[] TEMPFAIL = Bytes.ascii(" result=tempfail");
    private static final byte[] DISCONNECTED = Bytes.ascii("disconnected");
    private static final byte[] CLOSED = Bytes.ascii("closed");
    private static final byte[] FAILED_COMMAND = Bytes.ascii("failed-command");
    private static final byte[] BAD_INPUT = Bytes.ascii("bad-input");
    private static final byte[] ENVELOPE = Bytes.ascii("envelope");

    private static final int ID_LENGTH = SessionIds.LENGTH;
    private static final int EVENT_OFFSET = ID_LENGTH + 6;

    private final Settings settings;
    private final SessionTable sessions;
    private final HostIds hosts = new HostIds();
    /** no-greeting needs to know which sessions did anything: then every session line is looked at. */
    private final boolean tracksActivity;
    private final boolean readsCommands;
    private final boolean readsDisconnects;

    OpenSmtpdFilter(Settings settings) {
        this.settings = settings;
        this.sessions = new SessionTable(settings.maxSessions(), settings.idleMillis());
        this.tracksActivity = settings.reports(Kind.NO_GREETING);
        this.readsCommands = settings.reports(Kind.AUTH_ON_PLAINTEXT) || settings.reports(Kind.BAD_COMMAND);
        this.readsDisconnects = tracksActivity || settings.reports(Kind.TLS_FAILURE);
    }

    /** The session table, for tests and for saving the state. */
    SessionTable sessions() {
        return sessions;
    }

    HostIds hosts() {
        return hosts;
    }

    Settings settings() {
        return settings;
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
        if (b[event] == 'e' && Bytes.startsWith(b, event, end, EVENT)) { // 6.0 to 6.3: "smtp event=KIND"
            event += EVENT.length;
            if (event >= end) {
                return;
            }
        }
        switch (b[event]) {
            case 'c' -> {
                if (Bytes.startsWith(b, event, end, CONNECTED)) {
                    connected(line, b, m, event, end);
                } else if (word(b, event, end, CLOSED)) {
                    disconnected(line, sink, b, m, event + CLOSED.length, end);
                } else {
                    activity(line, b, m, end);
                }
            }
            case 'a' -> authentication(line, sink, b, m, event, end);
            case 'd' -> {
                if (word(b, event, end, DISCONNECTED)) {
                    disconnected(line, sink, b, m, event + DISCONNECTED.length, end);
                } else {
                    activity(line, b, m, end);
                }
            }
            case 'f' -> failedCommand(line, sink, b, m, event, end);
            case 'b' -> badInput(line, sink, b, m, event, end);
            case 'e' -> {
                if (!word(b, event, end, ENVELOPE)) { // an envelope line always follows its message line
                    activity(line, b, m, end);
                }
            }
            default -> activity(line, b, m, end); // tls, message, starttls, cert-check, ...
        }
    }

    /**
     * The open sessions (host, id, address, last seen, flags) as text, so that a session that began before
     * a restart or in the previous file keeps its address; null when none is open. See {@link SessionState}.
     */
    @Override
    public String saveState() {
        return SessionState.save(this);
    }

    /** Puts back the sessions of {@link #saveState}, within this filter's options; ignores what it cannot read. */
    @Override
    public void restoreState(String state) {
        SessionState.restore(this, state);
    }

    /** Whether {@code b[at, end)} starts with the event word {@code w}, followed by a space or the end. */
    private static boolean word(byte[] b, int at, int end, byte[] w) {
        int after = at + w.length;
        return Bytes.startsWith(b, at, end, w) && (after == end || b[after] == ' ');
    }

    /** {@code connected address=A host=H}: a new session, bound to A when A is a client address. */
    private void connected(LogLine line, byte[] b, int m, int event, int end) {
        if (!SessionIds.isId(b, m)) {
            return;
        }
        int from = event + CONNECTED.length;
        int to = Fields.tokenEnd(b, from, end);
        if (!Bytes.startsWith(b, to, end, HOST)) {
            return;
        }
        long now = line.epochMillis();
        sessions.advance(now);
        long id = SessionIds.parse(b, m);
        int host = hostOf(line);
        IpAddress address = Fields.address(b, from, to);
        if (address == null) {
            sessions.remove(id, host); // local, or unreadable: failures of this session are unattributed
        } else {
            sessions.bind(id, host, address, now);
        }
    }

    /** {@code authentication user=U ... result=R}: auth when R, written last, is permfail; tempfail likewise. */
    private void authentication(LogLine line, FailureSink sink, byte[] b, int m, int event, int end) {
        if (!Bytes.startsWith(b, event, end, AUTHENTICATION) || !SessionIds.isId(b, m)) {
            activity(line, b, m, end);
            return;
        }
        long now = line.epochMillis();
        sessions.advance(now);
        int min = event + AUTHENTICATION.length;
        boolean permfail = endsWith(b, min, end, PERMFAIL);
        boolean tempfail = !permfail && settings.reports(Kind.TEMPFAIL) && endsWith(b, min, end, TEMPFAIL);
        long id = SessionIds.parse(b, m);
        int host = hostOf(line);
        IpAddress address = sessions.touch(id, host, now, tracksActivity ? SessionTable.ACTIVE : 0);
        if (permfail && settings.reports(Kind.AUTH)) {
            report(sink, address, now, Kind.AUTH);
        } else if (tempfail) {
            report(sink, address, now, Kind.TEMPFAIL);
        }
    }

    /** {@code failed-command [address=A ...] command="C" result="R"}: by R's code, auth-on-plaintext or bad-command. */
    private void failedCommand(LogLine line, FailureSink sink, byte[] b, int m, int event, int end) {
        if (!readsCommands || !word(b, event, end, FAILED_COMMAND) || !SessionIds.isId(b, m)) {
            activity(line, b, m, end);
            return;
        }
        int from = event + FAILED_COMMAND.length;
        int result = Fields.result(b, from, end);
        int code = result < 0 ? -1 : Fields.code(b, result);
        if (code != 535) { // a 535 repeats an authentication line, which marked the session already
            activity(line, b, m, end);
        }
        if (result < 0) {
            return;
        }
        Kind kind;
        if (code == 503 && Fields.notSupported(b, result, end) && Fields.authCommand(b, from, result)) {
            kind = Kind.AUTH_ON_PLAINTEXT;
        } else if (code != 535 && settings.isBadCode(code)) { // 535 repeats an authentication line
            kind = Kind.BAD_COMMAND;
        } else {
            return;
        }
        if (settings.reports(kind)) {
            report(sink, lineAddress(b, from, end, slot(line, b, m)), line.epochMillis(), kind);
        }
    }

    /** {@code bad-input [address=A ...] result="R"}: bad-input. */
    private void badInput(LogLine line, FailureSink sink, byte[] b, int m, int event, int end) {
        if (!settings.reports(Kind.BAD_INPUT) || !word(b, event, end, BAD_INPUT) || !SessionIds.isId(b, m)) {
            activity(line, b, m, end);
            return;
        }
        activity(line, b, m, end);
        report(sink, lineAddress(b, event + BAD_INPUT.length, end, slot(line, b, m)), line.epochMillis(),
                Kind.BAD_INPUT);
    }

    /**
     * {@code disconnected ... reason=R} (6.0: {@code closed}): tls-failure when R is a failed handshake,
     * no-greeting when the session never did anything and did not QUIT. The session is forgotten.
     */
    private void disconnected(LogLine line, FailureSink sink, byte[] b, int m, int from, int end) {
        if (!SessionIds.isId(b, m)) {
            return;
        }
        long now = line.epochMillis();
        sessions.advance(now);
        long id = SessionIds.parse(b, m);
        int host = hostOf(line);
        if (!readsDisconnects) {
            sessions.remove(id, host);
            return;
        }
        int slot = sessions.lookup(id, host, now);
        IpAddress known = slot < 0 ? null : sessions.addressAt(slot);
        int flags = slot < 0 ? 0 : sessions.flagsAt(slot);
        if (slot >= 0) {
            sessions.removeAt(slot);
        }
        int reason = Fields.reason(b, from, end);
        if (reason == Fields.TLS) {
            if (settings.reports(Kind.TLS_FAILURE)) {
                report(sink, lineAddress(b, from, end, known), now, Kind.TLS_FAILURE);
            }
        } else if (reason != Fields.QUIT && known != null && (flags & SessionTable.ACTIVE) == 0 && tracksActivity) {
            report(sink, known, now, Kind.NO_GREETING);
        }
    }

    /** Any line of a session but its first and last: marks it active, when no-greeting is selected. */
    private void activity(LogLine line, byte[] b, int m, int end) {
        if (!tracksActivity || !SessionIds.isId(b, m)) {
            return;
        }
        int slot = sessions.lookup(SessionIds.parse(b, m), hostOf(line), line.epochMillis());
        if (slot >= 0) {
            sessions.markAt(slot, SessionTable.ACTIVE);
        }
    }

    /** The slot of the line's session (its id checked by the caller), or -1. */
    private int slot(LogLine line, byte[] b, int m) {
        return sessions.lookup(SessionIds.parse(b, m), hostOf(line), line.epochMillis());
    }

    /** The address smtpd wrote right after the event word, else the session's (slot), else null. */
    private IpAddress lineAddress(byte[] b, int from, int end, int slot) {
        return lineAddress(b, from, end, slot < 0 ? null : sessions.addressAt(slot));
    }

    private static IpAddress lineAddress(byte[] b, int from, int end, IpAddress session) {
        int at = Fields.fixedAddress(b, from, end);
        IpAddress own = at < 0 ? null : Fields.address(b, at, Fields.tokenEnd(b, at, end));
        return own != null ? own : session;
    }

    private int hostOf(LogLine line) {
        return hosts.idOf(line.bytes(), line.hostStart(), line.hostEnd());
    }

    private static boolean endsWith(byte[] b, int min, int end, byte[] literal) {
        int at = end - literal.length;
        return at >= min && Bytes.startsWith(b, at, end, literal);
    }

    private static void report(FailureSink sink, IpAddress address, long now, Kind kind) {
        if (address == null) {
            sink.unattributed(now, kind.id);
        } else {
            sink.failure(address, now, kind.id);
        }
    }
}
