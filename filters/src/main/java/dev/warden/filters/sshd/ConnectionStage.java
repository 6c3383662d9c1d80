package dev.warden.filters.sshd;

/**
 * How far one sshd connection has got, in the order sshd logs it: the identification exchange, key
 * exchange, the check of the user its first authentication request names, authentication, and the end
 * sshd forces. A connection only moves forward, so a line of an earlier stage than its pid's session has
 * reached is a new connection's: the pid was reused (see {@link SessionCorrelator}).
 */
enum ConnectionStage {
    /** {@code Connection from}, {@code kex_exchange_identification: ...}. */
    HANDSHAKE,
    /** Algorithm negotiation: {@code Unable to negotiate ...}, {@code no matching ... found}. */
    KEX,
    /**
     * The user of the first authentication request is checked, once per connection: {@code User U not
     * allowed because account is locked}.
     */
    USER,
    /** Authentication: {@code Failed}, {@code Invalid user}, {@code not allowed}, PAM, {@code Accepted}. */
    AUTH,
    /**
     * sshd ended the connection: too many authentication failures (counted once), a failed identification,
     * a timeout before authentication, a fatal transport error. Only its closing lines may follow.
     */
    OVER;

    /**
     * The stage a message of {@code kind} shows its connection is at, or null for messages that may come at
     * any point (closes and disconnects, hints naming the peer).
     */
    static ConnectionStage of(MessageKind kind) {
        return switch (kind) {
            case CONNECT, KEX_IDENTIFICATION -> HANDSHAKE;
            case NEGOTIATION, NEGOTIATION_HOSTLESS -> KEX;
            case LOCKED -> USER;
            case FAILED_METHOD, AUTH_FAILURE, PAM_FAILURE, PUBLICKEY_PROBE, ACCEPTED -> AUTH;
            case MAX_ATTEMPTS, TOO_MANY, SCANNER, SCANNER_HOSTLESS -> OVER;
            case HINT, CLOSE, DISCONNECTED_USER, RECEIVED_DISCONNECT, AUTH_FAIL_DISCONNECT, NO_AUTH_METHODS -> null;
        };
    }
}
