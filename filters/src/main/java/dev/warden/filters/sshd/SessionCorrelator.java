package dev.warden.filters.sshd;

import dev.warden.core.spi.FailureSink;
import dev.warden.core.spi.IpAddress;

import java.util.Iterator;

/**
 * Turns events into failures, using per-pid sessions for what one line cannot prove alone:
 * <ul>
 *   <li>A failure without an address ({@code Disconnecting: Too many authentication failures},
 *       {@code kex_exchange_identification: ...}) takes the address an earlier line of the same pid named;
 *       if none did yet, it waits for the next line that does (a close, a disconnect) and is reported there.
 *       If the session ends or is evicted first, it is reported as unattributed.</li>
 *   <li>With {@link PamFailures#DEFERRED}, a PAM failure waits: a later success of the same user from the
 *       same address forgives it (a typo with several PAM modules stacked). It is reported when sshd's own
 *       {@code Failed ...} line does not replace it, when the same connection tries another user, when a
 *       different user or address logs in, or when the session ends or is evicted.</li>
 *   <li>With {@link PamFailures#IMMEDIATE}, a PAM failure is reported at once and stays in the session as
 *       the attempt it stands for: sshd's {@code Failed password}/{@code Failed keyboard-interactive} line of
 *       the same address consumes it and is not counted again, and a second PAM line of the same user and
 *       address within a second of it (another module of the same stack) is the same attempt.
 *       A success or the session's end forgets what is left; nothing is reported twice.</li>
 *   <li>{@code maximum authentication attempts exceeded} and the {@code Disconnecting ...: Too many
 *       authentication failures} that follows it are one failure.</li>
 * </ul>
 * A success never erases failures already reported, nor those of another address. Not thread-safe: used
 * from the jail's thread only.
 */
final class SessionCorrelator {

    /**
     * Immediate PAM failures: a second PAM line of the same user and address at most this much log time
     * after one still waiting for sshd's line is the same attempt. Attempts of one connection are further
     * apart (pam_unix's failure delay is 2 s) and sshd logs {@code Failed ...} between them.
     */
    static final long SAME_ATTEMPT_MILLIS = 1_000;

    private final SshdMode mode;
    private final PamFailures pamFailures;
    private final SessionTable table;

    SessionCorrelator(SshdMode mode, SessionTable table) {
        this(mode, PamFailures.DEFERRED, table);
    }

    SessionCorrelator(SshdMode mode, PamFailures pamFailures, SessionTable table) {
        this.mode = mode;
        this.pamFailures = pamFailures;
        this.table = table;
    }

    SshdMode mode() {
        return mode;
    }

    PamFailures pamFailures() {
        return pamFailures;
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
                if (pamFailures == PamFailures.IMMEDIATE) {
                    if (!(e.pamBackedMethod() && s != null && countedByPam(s, a))) {
                        report(a, now, kind, sink);
                    }
                } else {
                    if (s != null && !s.pam.isEmpty()) {
                        s.pam.removeFirst();
                    }
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
            case PAM_FAILURE -> {
                if (pamFailures == PamFailures.IMMEDIATE) {
                    pamImmediate(s, e, now, sink);
                } else {
                    pam(s, e, now, sink);
                }
            }
            case ACCEPTED -> {
                if (pamFailures == PamFailures.IMMEDIATE) {
                    if (s != null) {
                        s.pam.clear();
                    }
                } else {
                    accepted(s, e, sink);
                }
            }
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
        return switch (kind) {
            case CLOSE, DISCONNECTED_USER, RECEIVED_DISCONNECT, AUTH_FAIL_DISCONNECT, NO_AUTH_METHODS ->
                    table.find(pid, now, ended -> end(ended, sink));
            case CONNECT -> {
                Session old = table.find(pid, now, ended -> end(ended, sink));
                if (old != null) {
                    end(old, sink);
                    table.remove(pid);
                }
                yield table.open(pid, now, ended -> end(ended, sink));
            }
            default -> table.open(pid, now, ended -> end(ended, sink));
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

    /** Another user in the same connection proves the waiting attempts were not one user's typos. */
    private static void pam(Session s, SshdEvent e, long now, FailureSink sink) {
        if (s == null) {
            return;
        }
        for (Session.PamAttempt p : s.pam) {
            if (!p.user().equals(e.user())) {
                releasePam(s, sink);
                break;
            }
        }
        if (s.pam.size() == Session.MAX_WAITING) {
            Session.PamAttempt p = s.pam.removeFirst();
            sink.failure(p.address(), p.epochMillis(), MessageKind.PAM_FAILURE.failureKind());
        }
        s.pam.addLast(new Session.PamAttempt(e.user(), e.address(), now));
    }

    /**
     * Reports an immediate PAM failure unless it is another line of an attempt already reported, and keeps
     * it (at most {@link Session#MAX_WAITING}; the oldest is forgotten, it was reported) for sshd's line.
     * A line without a pid cannot be paired with sshd's line, so it is not counted (as in deferred mode):
     * sshd's {@code Failed} line counts that attempt.
     */
    private static void pamImmediate(Session s, SshdEvent e, long now, FailureSink sink) {
        if (s == null) {
            return;
        }
        for (Session.PamAttempt p : s.pam) {
            if (p.address().equals(e.address()) && p.user().equals(e.user())
                    && now - p.epochMillis() <= SAME_ATTEMPT_MILLIS && now >= p.epochMillis()) {
                return;
            }
        }
        if (s.pam.size() == Session.MAX_WAITING) {
            s.pam.removeFirst();
        }
        s.pam.addLast(new Session.PamAttempt(e.user(), e.address(), now));
        sink.failure(e.address(), now, MessageKind.PAM_FAILURE.failureKind());
    }

    /** Whether an immediate PAM failure of {@code a} already counted this attempt; consumes it if so. */
    private static boolean countedByPam(Session s, IpAddress a) {
        Iterator<Session.PamAttempt> it = s.pam.iterator();
        while (it.hasNext()) {
            if (it.next().address().equals(a)) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    private static void accepted(Session s, SshdEvent e, FailureSink sink) {
        if (s == null) {
            return;
        }
        Iterator<Session.PamAttempt> it = s.pam.iterator();
        while (it.hasNext()) {
            Session.PamAttempt p = it.next();
            it.remove();
            if (!p.user().equals(e.user()) || !p.address().equals(e.address())) {
                sink.failure(p.address(), p.epochMillis(), MessageKind.PAM_FAILURE.failureKind());
            }
        }
    }

    /**
     * The connection is over (or evicted): report what was still waiting. Immediate PAM failures were
     * reported already and are only forgotten.
     */
    private void end(Session s, FailureSink sink) {
        if (pamFailures == PamFailures.IMMEDIATE) {
            s.pam.clear();
        } else {
            releasePam(s, sink);
        }
        while (!s.hostless.isEmpty()) {
            Session.Waiting w = s.hostless.removeFirst();
            sink.unattributed(w.epochMillis(), w.kind());
        }
    }

    private static void releasePam(Session s, FailureSink sink) {
        while (!s.pam.isEmpty()) {
            Session.PamAttempt p = s.pam.removeFirst();
            sink.failure(p.address(), p.epochMillis(), MessageKind.PAM_FAILURE.failureKind());
        }
    }

    private static void report(IpAddress a, long now, MessageKind kind, FailureSink sink) {
        if (a != null) {
            sink.failure(a, now, kind.failureKind());
        }
    }
}
