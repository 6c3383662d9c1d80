package dev.warden.filters.sshd;

import dev.warden.core.spi.IpAddress;

import java.util.ArrayDeque;

/**
 * What the filter remembers about one sshd pid (one connection): the peer once any line named it, how far
 * the connection has got ({@link ConnectionStage}), failures still waiting for that address, and PAM
 * failures: waiting for the session's outcome
 * ({@link PamFailures#DEFERRED}) or, already reported, waiting for sshd's own line of the same attempt
 * ({@link PamFailures#IMMEDIATE}).
 * Mutable; owned by {@link SessionTable}; one thread.
 */
final class Session {

    /** At most this many waiting entries of each sort; the oldest is released when more arrive. */
    static final int MAX_WAITING = 8;

    /** A failure that is known but cannot be attributed yet. */
    record Waiting(String kind, long epochMillis) {
    }

    /**
     * A PAM failure. Deferred: forgiven by a later success of the same user from the same address.
     * Immediate: reported; consumed by sshd's {@code Failed} line of the same attempt.
     */
    record PamAttempt(String user, IpAddress address, long epochMillis) {
    }

    final long pid;
    long lastSeenMillis;
    IpAddress peer;
    /**
     * The latest stage a line of the connection showed; {@link ConnectionStage#OVER} once its "too many
     * authentication failures" was counted.
     */
    ConnectionStage stage = ConnectionStage.HANDSHAKE;
    final ArrayDeque<Waiting> hostless = new ArrayDeque<>(2);
    final ArrayDeque<PamAttempt> pam = new ArrayDeque<>(2);
    /** The neighbours in {@link SessionTable}'s order (least recently seen first); the table's to set. */
    Session older;
    Session newer;

    Session(long pid, long nowMillis) {
        this.pid = pid;
        this.lastSeenMillis = nowMillis;
    }

    /** Moves the connection on to {@code reached} (null: no stage); it never moves back. */
    void advance(ConnectionStage reached) {
        if (reached != null && reached.compareTo(stage) > 0) {
            stage = reached;
        }
    }
}
