package dev.warden.filters.sshd;

import java.util.Locale;

/**
 * When a PAM {@code pam_*(sshd:auth): authentication failure; ... rhost=A} line is counted (option
 * {@code pam-failures}). Either way one failed attempt counts once, never once for PAM and again for
 * sshd's own {@code Failed password} line.
 */
enum PamFailures {
    /**
     * Wait for the session's outcome (fail2ban): sshd's {@code Failed} line of the same attempt replaces it,
     * a success of the same user from the same address forgives it, otherwise it is reported when the
     * connection tries another user, another user or address logs in, or the session ends or is evicted.
     */
    DEFERRED,
    /**
     * Count it at once (CrowdSec) and then let it stand for the attempt: sshd's {@code Failed password} /
     * {@code Failed keyboard-interactive} line of the same pid and address that follows is not counted
     * again. A later success cannot take it back.
     */
    IMMEDIATE;

    /** Parses an option value; throws IllegalArgumentException for an unknown one. */
    static PamFailures of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
