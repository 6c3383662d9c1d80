package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.FailureSink;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.LineBytes;
import dev.warden.core.spi.LogLine;

/**
 * Failures in OpenSMTPD logs of every generation, reported by {@link Kind}. smtpd 6.5+ writes the client
 * address only on a session's {@code connected} line, so this filter keeps a {@link SessionTable} from
 * session id (and syslog host) to address and per-session flags ({@link LineSessions}). This class finds
 * the event word of a line, whatever its generation, and hands the line to the {@link EventRules} method
 * of that event:
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
 * writes last (see {@link Fields}). Saving and restoring the sessions is {@link SessionState}'s job.
 *
 * <p><b>Hot path:</b> no regex, no String, no allocation per line; a session's address is kept as bits
 * in the {@link SessionTable}, and its {@link IpAddress} is built only for its first failure to report. Checks
 * run cheapest first: tag, the fixed {@code " smtp "} after the id, then the event word's first byte.
 * Lines only the scanner kinds need are skipped unless one of those kinds is selected, so the default
 * {@code auth} mode does exactly the work it always did.
 *
 * <p><b>Threading:</b> an instance is only called from its jail's thread (see {@link Filter}); it uses no
 * locks and must not be shared between jails.
 */
final class OpenSmtpdFilter implements Filter {

    private static final byte[] TAG = LineBytes.ascii("smtpd");
    private static final byte[] SMTP = LineBytes.ascii(" smtp ");
    private static final byte[] EVENT = LineBytes.ascii("event=");
    private static final byte[] CONNECTED = LineBytes.ascii("connected address=");
    private static final byte[] DISCONNECTED = LineBytes.ascii("disconnected");
    private static final byte[] CLOSED = LineBytes.ascii("closed");
    private static final byte[] ENVELOPE = LineBytes.ascii("envelope");

    private static final int ID_LENGTH = SessionIds.LENGTH;
    private static final int EVENT_OFFSET = ID_LENGTH + 6;

    private final Settings settings;
    private final LineSessions sessions;
    private final EventRules rules;

    OpenSmtpdFilter(Settings settings) {
        this.settings = settings;
        this.sessions = new LineSessions(settings);
        this.rules = new EventRules(settings, sessions);
    }

    /** The session table, for tests and for saving the state. */
    SessionTable sessions() {
        return sessions.table();
    }

    HostIds hosts() {
        return sessions.hosts();
    }

    Settings settings() {
        return settings;
    }

    /**
     * Reads one line. A line whose syslog host is longer than {@link HostIds#MAX_NAME_BYTES} is ignored: no
     * syslog daemon writes such a name, so the line is forged or misparsed, and keeping its host would let
     * a flood of them hold 4,096 names of up to a line's length.
     */
    @Override
    public void accept(LogLine line, FailureSink sink) {
        if (!line.tagIs(TAG) || line.pid() < 0 || line.hostEnd() - line.hostStart() > HostIds.MAX_NAME_BYTES) {
            return;
        }
        byte[] b = line.bytes();
        int m = line.messageStart();
        int end = line.end();
        int event = m + EVENT_OFFSET;
        if (event >= end || !LineBytes.startsWith(b, m + ID_LENGTH, end, SMTP)) {
            return;
        }
        if (b[event] == 'e' && LineBytes.startsWith(b, event, end, EVENT)) { // 6.0 to 6.3: "smtp event=KIND"
            event += EVENT.length;
            if (event >= end) {
                return;
            }
        }
        switch (b[event]) {
            case 'c' -> {
                if (LineBytes.startsWith(b, event, end, CONNECTED)) {
                    rules.connected(line, b, m, event + CONNECTED.length, end);
                } else if (LineBytes.startsWithWord(b, event, end, CLOSED)) {
                    rules.disconnected(line, sink, b, m, event + CLOSED.length, end);
                } else {
                    sessions.activity(line, b, m);
                }
            }
            case 'a' -> rules.authentication(line, sink, b, m, event, end);
            case 'd' -> {
                if (LineBytes.startsWithWord(b, event, end, DISCONNECTED)) {
                    rules.disconnected(line, sink, b, m, event + DISCONNECTED.length, end);
                } else {
                    sessions.activity(line, b, m);
                }
            }
            case 'f' -> rules.failedCommand(line, sink, b, m, event, end);
            case 'b' -> rules.badInput(line, sink, b, m, event, end);
            case 'e' -> {
                // an envelope line always follows its message line
                if (!LineBytes.startsWithWord(b, event, end, ENVELOPE)) {
                    sessions.activity(line, b, m);
                }
            }
            default -> sessions.activity(line, b, m); // tls, message, starttls, cert-check, ...
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
}
