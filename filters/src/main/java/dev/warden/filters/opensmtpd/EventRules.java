package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.FailureSink;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.LineBytes;
import dev.warden.core.spi.LogLine;

/**
 * What each smtpd event word proves, once {@link OpenSmtpdFilter} has found the word (any generation):
 * which {@link Kind} of failure a line is, against which address, and what it does to its session in
 * {@link LineSessions}. One method per event; each takes the line, its bytes {@code b}, the message start
 * {@code m} (where smtpd's session id is) and the range of the event up to {@code end}, and reports to the
 * sink only the kinds {@link Settings} selects. A line that turns out not to be its event after all is
 * treated as any other line of its session ({@link LineSessions#activity}).
 *
 * <p>An address smtpd wrote right after the event word attributes its own line; otherwise the session's
 * address does; with neither, the failure is reported unattributed. Client-controlled fields are never
 * searched (see {@link Fields}).
 *
 * <p><b>Hot path:</b> a session's address is kept as bits ({@link Fields#addressBits}); its
 * {@link IpAddress} is built only for its first failure to report, then kept. No String.
 * <b>Threading:</b> none; confined to its filter's jail thread.
 */
final class EventRules {

    private static final byte[] HOST = LineBytes.ascii(" host=");
    private static final byte[] AUTHENTICATION = LineBytes.ascii("authentication user=");
    private static final byte[] PERMFAIL = LineBytes.ascii(" result=permfail");
    private static final byte[] TEMPFAIL = LineBytes.ascii(" result=tempfail");
    private static final byte[] FAILED_COMMAND = LineBytes.ascii("failed-command");
    private static final byte[] BAD_INPUT = LineBytes.ascii("bad-input");

    private final Settings settings;
    private final LineSessions sessions;
    private final boolean tracksActivity;
    private final boolean readsCommands;
    private final boolean readsDisconnects;
    /** Where {@link #connected} parses an address's bits; reused, one filter thread. */
    private final long[] bits = new long[2];

    EventRules(Settings settings, LineSessions sessions) {
        this.settings = settings;
        this.sessions = sessions;
        this.tracksActivity = settings.reports(Kind.NO_GREETING);
        this.readsCommands = settings.reports(Kind.AUTH_ON_PLAINTEXT) || settings.reports(Kind.BAD_COMMAND);
        this.readsDisconnects = tracksActivity || settings.reports(Kind.TLS_FAILURE);
    }

    /**
     * {@code connected address=A host=H}, {@code from} being where A starts: a new session, bound to A when A
     * is a client address; a local or unreadable A forgets the session (its failures are unattributed).
     */
    void connected(LogLine line, byte[] b, int m, int from, int end) {
        if (!SessionIds.isId(b, m)) {
            return;
        }
        int to = LineBytes.tokenEnd(b, from, end);
        if (!LineBytes.startsWith(b, to, end, HOST)) {
            return;
        }
        long now = line.epochMillis();
        sessions.advance(now);
        if (Fields.addressBits(b, from, to, bits)) {
            sessions.bind(line, b, m, bits[0], bits[1], now);
        } else {
            sessions.remove(line, b, m);
        }
    }

    /** {@code authentication user=U ... result=R}: auth when R, written last, is permfail; tempfail likewise. */
    void authentication(LogLine line, FailureSink sink, byte[] b, int m, int event, int end) {
        if (!LineBytes.startsWith(b, event, end, AUTHENTICATION) || !SessionIds.isId(b, m)) {
            sessions.activity(line, b, m);
            return;
        }
        long now = line.epochMillis();
        sessions.advance(now);
        int min = event + AUTHENTICATION.length;
        boolean permfail = LineBytes.endsWith(b, min, end, PERMFAIL);
        boolean tempfail = !permfail && settings.reports(Kind.TEMPFAIL) && LineBytes.endsWith(b, min, end, TEMPFAIL);
        int slot = sessions.touch(line, b, m, now);
        if (permfail && settings.reports(Kind.AUTH)) {
            report(sink, sessions.addressAt(slot), now, Kind.AUTH);
        } else if (tempfail) {
            report(sink, sessions.addressAt(slot), now, Kind.TEMPFAIL);
        }
    }

    /** {@code failed-command [address=A ...] command="C" result="R"}: by R's code, auth-on-plaintext or bad-command. */
    void failedCommand(LogLine line, FailureSink sink, byte[] b, int m, int event, int end) {
        if (!readsCommands || !LineBytes.startsWithWord(b, event, end, FAILED_COMMAND) || !SessionIds.isId(b, m)) {
            sessions.activity(line, b, m);
            return;
        }
        int from = event + FAILED_COMMAND.length;
        int result = Fields.result(b, from, end);
        int code = result < 0 ? -1 : Fields.code(b, result);
        if (code != 535) { // a 535 repeats an authentication line, which marked the session already
            sessions.activity(line, b, m);
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
            long now = line.epochMillis();
            report(sink, lineAddress(b, from, end, sessions.addressAt(sessions.lookup(line, b, m, now))), now, kind);
        }
    }

    /** {@code bad-input [address=A ...] result="R"}: bad-input. */
    void badInput(LogLine line, FailureSink sink, byte[] b, int m, int event, int end) {
        if (!settings.reports(Kind.BAD_INPUT) || !LineBytes.startsWithWord(b, event, end, BAD_INPUT)
                || !SessionIds.isId(b, m)) {
            sessions.activity(line, b, m);
            return;
        }
        sessions.activity(line, b, m);
        long now = line.epochMillis();
        IpAddress session = sessions.addressAt(sessions.lookup(line, b, m, now));
        report(sink, lineAddress(b, event + BAD_INPUT.length, end, session), now, Kind.BAD_INPUT);
    }

    /**
     * {@code disconnected ... reason=R} (6.0: {@code closed}), {@code from} being the end of the event word:
     * tls-failure when R is a failed handshake, no-greeting when the session never did anything and did not
     * QUIT. The session is forgotten.
     */
    void disconnected(LogLine line, FailureSink sink, byte[] b, int m, int from, int end) {
        if (!SessionIds.isId(b, m)) {
            return;
        }
        long now = line.epochMillis();
        sessions.advance(now);
        if (!readsDisconnects) {
            sessions.remove(line, b, m);
            return;
        }
        int slot = sessions.lookup(line, b, m, now);
        int reason = Fields.reason(b, from, end);
        boolean tls = reason == Fields.TLS && settings.reports(Kind.TLS_FAILURE);
        boolean silent = reason != Fields.TLS && reason != Fields.QUIT && tracksActivity
                && slot >= 0 && (sessions.flagsAt(slot) & SessionTable.ACTIVE) == 0;
        IpAddress known = tls || silent ? sessions.addressAt(slot) : null; // built only for a failure
        sessions.removeAt(slot);
        if (reason == Fields.TLS) {
            if (settings.reports(Kind.TLS_FAILURE)) {
                report(sink, lineAddress(b, from, end, known), now, Kind.TLS_FAILURE);
            }
        } else if (silent) {
            report(sink, known, now, Kind.NO_GREETING);
        }
    }

    /** The address smtpd wrote right after the event word, else the session's, else null. */
    private static IpAddress lineAddress(byte[] b, int from, int end, IpAddress session) {
        int at = Fields.fixedAddress(b, from, end);
        IpAddress own = at < 0 ? null : Fields.address(b, at, LineBytes.tokenEnd(b, at, end));
        return own != null ? own : session;
    }

    private static void report(FailureSink sink, IpAddress address, long now, Kind kind) {
        if (address == null) {
            sink.unattributed(now, kind.id);
        } else {
            sink.failure(address, now, kind.id);
        }
    }
}
