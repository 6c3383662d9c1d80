package dev.warden.filters.sshd;

import dev.warden.core.spi.FailureSink;
import dev.warden.core.spi.IpAddress;

import java.util.Iterator;

/**
 * The PAM half of {@link SessionCorrelator}: what a PAM failure line, sshd's own {@code Failed ...} line,
 * a success and the end of a session do to the PAM attempts a {@link Session} holds, under one
 * {@link PamFailures} policy:
 * <ul>
 *   <li>{@link PamFailures#DEFERRED}: a PAM failure waits; a later success of the same user from the same
 *       address forgives it (a typo with several PAM modules stacked). It is reported when sshd's own
 *       {@code Failed ...} line does not replace it, when the same connection tries another user, when a
 *       different user or address logs in, or when the session ends or is evicted.</li>
 *   <li>{@link PamFailures#IMMEDIATE}: a PAM failure is reported at once and stays in the session as the
 *       attempt it stands for: sshd's {@code Failed password}/{@code Failed keyboard-interactive} line of the
 *       same address consumes it and is not counted again, and a second PAM line of the same user and
 *       address within {@link #SAME_ATTEMPT_MILLIS} of it (another module of the same stack) is the same
 *       attempt. A success or the session's end forgets what is left; nothing is reported twice.</li>
 * </ul>
 * Every method takes the event's session, or null when the line has no pid (then nothing is held).
 * Holds no state of its own beyond the policy; not thread-safe like the sessions it works on: used from
 * the jail's thread only.
 */
final class PamCorrelator {

    /**
     * Immediate PAM failures: a second PAM line of the same user and address at most this much log time
     * after one still waiting for sshd's line is the same attempt. Attempts of one connection are further
     * apart (pam_unix's failure delay is 2 s) and sshd logs {@code Failed ...} between them.
     */
    static final long SAME_ATTEMPT_MILLIS = 1_000;

    private final PamFailures pamFailures;

    PamCorrelator(PamFailures pamFailures) {
        this.pamFailures = pamFailures;
    }

    PamFailures pamFailures() {
        return pamFailures;
    }

    /**
     * sshd's {@code Failed METHOD} line of address {@code a}: whether it still counts as a failure. Deferred:
     * always, and it replaces the oldest waiting PAM failure. Immediate: unless it is a PAM-backed method
     * whose attempt a PAM line of {@code a} already counted (that attempt is consumed).
     */
    boolean failedMethodCounts(Session s, SshdEvent e, IpAddress a) {
        if (pamFailures == PamFailures.IMMEDIATE) {
            return !(e.pamBackedMethod() && s != null && countedByPam(s, a));
        }
        if (s != null && !s.pam.isEmpty()) {
            s.pam.removeFirst();
        }
        return true;
    }

    /** A PAM failure line at log time {@code now}. */
    void failure(Session s, SshdEvent e, long now, FailureSink sink) {
        if (pamFailures == PamFailures.IMMEDIATE) {
            immediate(s, e, now, sink);
        } else {
            deferred(s, e, now, sink);
        }
    }

    /** A successful login: forgives or forgets what the session holds. */
    void accepted(Session s, SshdEvent e, FailureSink sink) {
        if (pamFailures == PamFailures.IMMEDIATE) {
            if (s != null) {
                s.pam.clear();
            }
        } else {
            forgive(s, e, sink);
        }
    }

    /**
     * The connection is over (or evicted): report the PAM failures still waiting. Immediate PAM failures
     * were reported already and are only forgotten.
     */
    void end(Session s, FailureSink sink) {
        if (pamFailures == PamFailures.IMMEDIATE) {
            s.pam.clear();
        } else {
            release(s, sink);
        }
    }

    /** Another user in the same connection proves the waiting attempts were not one user's typos. */
    private static void deferred(Session s, SshdEvent e, long now, FailureSink sink) {
        if (s == null) {
            return;
        }
        for (Session.PamAttempt p : s.pam) {
            if (!p.user().equals(e.user())) {
                release(s, sink);
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
    private static void immediate(Session s, SshdEvent e, long now, FailureSink sink) {
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

    /** Deferred: a success forgives the attempts of its own user and address and reports the others. */
    private static void forgive(Session s, SshdEvent e, FailureSink sink) {
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

    private static void release(Session s, FailureSink sink) {
        while (!s.pam.isEmpty()) {
            Session.PamAttempt p = s.pam.removeFirst();
            sink.failure(p.address(), p.epochMillis(), MessageKind.PAM_FAILURE.failureKind());
        }
    }
}
