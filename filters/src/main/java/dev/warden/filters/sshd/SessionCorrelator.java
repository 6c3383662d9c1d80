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
 * A success never erases failures already reported, nor those of another address. Not thread-safe: used
 * from the jail's thread only.
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
        Session s = session(kind, pid, now, sink);
        IpAddress a = e.address();
        if (a != null && s != null) {
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
            case MAX_ATTEMPTS -> {
                report(a, now, kind, sink);
                if (s != null) {
                    s.tooManyCounted = true;
                }
            }
            case TOO_MANY -> {
                if (s == null || !s.tooManyCounted) {
                    attributeOrHold(s, a, now, kind, sink);
                    if (s != null) {
                        s.tooManyCounted = true;
                    }
                }
            }
            case LOCKED, SCANNER_HOSTLESS, NEGOTIATION_HOSTLESS -> {
                if (counts) {
                    attributeOrHold(s, a, now, kind, sink);
                }
            }
            case PAM_FAILURE -> pam.failure(s, e, now, sink);
            case ACCEPTED -> pam.accepted(s, e, sink);
            case CLOSE, DISCONNECTED_USER, RECEIVED_DISCONNECT, AUTH_FAIL_DISCONNECT, NO_AUTH_METHODS -> {
                if (counts) {
                    report(a, now, kind, sink);
                }
                if (s != null) {
                    end(s, sink);
                    table.remove(pid);
                }
            }
            default -> {
            }
        }
    }

    /** Session-ending kinds only look a session up; {@code Connection from} starts a fresh one; others open one. */
    private Session session(MessageKind kind, long pid, long now, FailureSink sink) {
        if (pid < 0) {
            return null;
        }
        if (sink != enderSink) {
            enderSink = sink;
            ender = ended -> end(ended, sink);
        }
        return switch (kind) {
            case CLOSE, DISCONNECTED_USER, RECEIVED_DISCONNECT, AUTH_FAIL_DISCONNECT, NO_AUTH_METHODS ->
                    table.find(pid, now, ender);
            case CONNECT -> {
                Session old = table.find(pid, now, ender);
                if (old != null) {
                    end(old, sink);
                    table.remove(pid);
                }
                yield table.create(pid, now, ender);
            }
            default -> {
                Session s = table.find(pid, now, ender);
                yield s != null ? s : table.create(pid, now, ender);
            }
        };
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
