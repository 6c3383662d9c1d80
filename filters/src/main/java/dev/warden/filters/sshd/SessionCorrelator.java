package dev.warden.filters.sshd;

import dev.warden.core.spi.FailureSink;
import dev.warden.core.spi.IpAddress;

/**
 * Turns events into failures, using per-pid sessions for what one line cannot prove alone:
 * <ul>
 *   <li>A failure without an address ({@code Disconnecting: Too many authentication failures},
 *       {@code kex_exchange_identification: ...}) takes the address an earlier line of the same pid named;
 *       if none did yet, it waits for the next line that does (a close, a disconnect) and is reported there.
 *       If the session ends or is evicted first, it is reported as unattributed.</li>
 *   <li>PAM failures wait for the session's outcome ({@link PamFailures#DEFERRED}) or for sshd's own line of
 *       the same attempt ({@link PamFailures#IMMEDIATE}); {@link PamCorrelator} decides, this class only
 *       routes the lines to it.</li>
 *   <li>{@code maximum authentication attempts exceeded} and the {@code Disconnecting ...: Too many
 *       authentication failures} that follows it are one failure.</li>
 * </ul>
 * A session follows one connection; pids are reused, so a line that cannot be that connection's starts a
 * new session (the old one ends, reporting what it held): {@code Connection from}, a line of an earlier
 * {@link ConnectionStage} than the session reached, a line naming another peer. {@code Accepted} ends the
 * session: the client logged in, nothing its connection logs later is a failure, and failures waiting for
 * an address never take the address of a login (they are an earlier connection's). A success never erases
 * failures already reported, nor those of another address. Not thread-safe: used from the jail's thread
 * only.
 */
final class SessionCorrelator {

    private final SshdMode mode;
    private final PamCorrelator pam;
    private final SessionTable table;
    /** {@link #end} bound to the last sink seen: one per sink, not one per line (the sink is the jail). */
    private FailureSink enderSink;
    private java.util.function.Consumer<Session> ender;

    SessionCorrelator(SshdMode mode, SessionTable table) {
        this(mode, PamFailures.DEFERRED, table);
    }

    SessionCorrelator(SshdMode mode, PamFailures pamFailures, SessionTable table) {
        this.mode = mode;
        this.pam = new PamCorrelator(pamFailures);
        this.table = table;
    }

    SshdMode mode() {
        return mode;
    }

    PamFailures pamFailures() {
        return pam.pamFailures();
    }

    /** The session table, for saving and restoring the state (see {@link SessionState}). */
    SessionTable table() {
        return table;
    }

    /** Applies one event of sshd pid {@code pid} (or -1) at log time {@code now}, reporting to {@code sink}. */
    void apply(SshdEvent e, long pid, long now, FailureSink sink) {
        MessageKind kind = e.kind();
        Session s = session(e, pid, now, sink);
        IpAddress a = e.address();
        if (a != null && s != null && kind != MessageKind.ACCEPTED) {
            s.peer = a;
            releaseHostless(s, a, sink);
        }
        boolean counts = kind.counts(mode, e.preauth());
        switch (kind) {
            case FAILED_METHOD -> {
                if (pam.failedMethodCounts(s, e, a)) {
                    report(a, now, kind, sink);
                }
            }
            case AUTH_FAILURE, SCANNER, NEGOTIATION -> {
                if (counts) {
                    report(a, now, kind, sink);
                }
            }
            case MAX_ATTEMPTS -> report(a, now, kind, sink);
            case TOO_MANY -> {
                if (s == null || s.stage != ConnectionStage.OVER) {
                    attributeOrHold(s, a, now, kind, sink);
                }
            }
            case LOCKED, KEX_IDENTIFICATION, SCANNER_HOSTLESS, NEGOTIATION_HOSTLESS -> {
                if (counts) {
                    attributeOrHold(s, a, now, kind, sink);
                }
            }
            case PAM_FAILURE -> pam.failure(s, e, now, sink);
            case ACCEPTED -> {
                pam.accepted(s, e, sink);
                close(s, sink);
            }
            case CLOSE, DISCONNECTED_USER, RECEIVED_DISCONNECT, AUTH_FAIL_DISCONNECT, NO_AUTH_METHODS -> {
                if (counts) {
                    report(a, now, kind, sink);
                }
                close(s, sink);
            }
            default -> {
            }
        }
        if (s != null) {
            s.advance(ConnectionStage.of(kind));
        }
    }

    /**
     * The session {@code e} belongs to, or null without a pid. When the pid's session cannot be following
     * {@code e}'s connection ({@link #startsConnection}) it ends first. Closes and {@code Accepted} only look
     * a session up; other lines open one when there is none.
     */
    private Session session(SshdEvent e, long pid, long now, FailureSink sink) {
        if (pid < 0) {
            return null;
        }
        if (sink != enderSink) {
            enderSink = sink;
            ender = ended -> end(ended, sink);
        }
        Session s = table.find(pid, now, ender);
        if (s != null && startsConnection(s, e)) {
            close(s, sink);
            s = null;
        }
        return switch (e.kind()) {
            case CLOSE, DISCONNECTED_USER, RECEIVED_DISCONNECT, AUTH_FAIL_DISCONNECT, NO_AUTH_METHODS, ACCEPTED -> s;
            default -> s != null ? s : table.create(pid, now, ender);
        };
    }

    /**
     * Whether {@code e} is a new connection's line although its pid has session {@code s}: {@code Connection
     * from}, a line of an earlier stage than {@code s} reached (a connection never goes back), or one naming
     * another peer (a connection has one).
     */
    private static boolean startsConnection(Session s, SshdEvent e) {
        ConnectionStage stage = ConnectionStage.of(e.kind());
        IpAddress a = e.address();
        return e.kind() == MessageKind.CONNECT
                || stage != null && stage.compareTo(s.stage) < 0
                || a != null && s.peer != null && !a.equals(s.peer);
    }

    /** The connection of {@code s} (if any) is over: reports what it held and forgets it. */
    private void close(Session s, FailureSink sink) {
        if (s != null) {
            end(s, sink);
            table.remove(s.pid);
        }
    }

    private void attributeOrHold(Session s, IpAddress a, long now, MessageKind kind, FailureSink sink) {
        IpAddress target = a != null ? a : s != null ? s.peer : null;
        if (target != null) {
            report(target, now, kind, sink);
        } else if (s != null) {
            if (s.hostless.size() == Session.MAX_WAITING) {
                Session.Waiting w = s.hostless.removeFirst();
                sink.unattributed(w.epochMillis(), w.kind());
            }
            s.hostless.addLast(new Session.Waiting(kind.failureKind(), now));
        } else {
            sink.unattributed(now, kind.failureKind());
        }
    }

    private static void releaseHostless(Session s, IpAddress a, FailureSink sink) {
        while (!s.hostless.isEmpty()) {
            Session.Waiting w = s.hostless.removeFirst();
            sink.failure(a, w.epochMillis(), w.kind());
        }
    }

    /**
     * The connection is over (or evicted): report what was still waiting (see {@link PamCorrelator#end}),
     * failures without an address as unattributed.
     */
    private void end(Session s, FailureSink sink) {
        pam.end(s, sink);
        while (!s.hostless.isEmpty()) {
            Session.Waiting w = s.hostless.removeFirst();
            sink.unattributed(w.epochMillis(), w.kind());
        }
    }

    private static void report(IpAddress a, long now, MessageKind kind, FailureSink sink) {
        if (a != null) {
            sink.failure(a, now, kind.failureKind());
        }
    }
}
