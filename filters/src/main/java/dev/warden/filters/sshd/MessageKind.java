package dev.warden.filters.sshd;

/**
 * What one recognized sshd message means. Each kind says in which modes it counts as a failure and
 * which failure kind ({@link dev.warden.core.spi.FailureSink}'s {@code kind}) it reports; what it does to
 * the per-pid session is decided by {@link SessionCorrelator}.
 */
enum MessageKind {
    /** {@code Failed <method> for ...}, except publickey for a valid user. */
    FAILED_METHOD("auth", Need.NORMAL),
    /** Invalid user, not allowed, root refused, tcp-wrappers refusal, PAM error, change of user. */
    AUTH_FAILURE("auth", Need.NORMAL),
    /** {@code maximum authentication attempts exceeded}: counted once with the disconnect that follows. */
    MAX_ATTEMPTS("max-attempts", Need.NORMAL),
    /** {@code Disconnecting...: Too many authentication failures}; the address may be missing. */
    TOO_MANY("max-attempts", Need.NORMAL),
    /** {@code User U not allowed because account is locked}: no address in the line. */
    LOCKED("auth", Need.NORMAL),
    /** {@code pam_*(sshd:auth): authentication failure}: held until the session shows what it was. */
    PAM_FAILURE("pam", Need.NORMAL),
    /** {@code Received disconnect ...: 3: ...: Auth fail}: the client's own verdict; ends the session. */
    AUTH_FAIL_DISCONNECT("auth", Need.NORMAL),
    /** {@code Failed publickey} for a valid user: a key the agent offered; never a failure by itself. */
    PUBLICKEY_PROBE(null, Need.NEVER),
    /** {@code Accepted <method> for U from A}. */
    ACCEPTED(null, Need.NEVER),
    /** {@code Connection from A port N ...}: a new connection on this pid. */
    CONNECT(null, Need.NEVER),
    /** A line that only names the peer ({@code SSH: Server;Ltype: ...;Remote: A-port}). */
    HINT(null, Need.NEVER),
    /** {@code Connection closed/reset by [invalid|authenticating user U] A}, {@code Disconnected from A}. */
    CLOSE("preauth-close", Need.DDOS),
    /** {@code Disconnected from invalid|authenticating user U A port N [preauth]}. */
    DISCONNECTED_USER("preauth-close", Need.DDOS_OR_EXTRA),
    /** Any other {@code Received disconnect from A}: ends the session, not a failure. */
    RECEIVED_DISCONNECT(null, Need.NEVER),
    /** {@code Received disconnect ...: 14: No supported authentication methods available}. */
    NO_AUTH_METHODS("no-auth-methods", Need.EXTRA),
    /** Banner, identification, timeout and transport errors before authentication, with an address. */
    SCANNER("scanner", Need.DDOS),
    /**
     * {@code kex_exchange_identification: ...}: the identification exchange, a connection's first step,
     * failed; no address (the close that follows names it).
     */
    KEX_IDENTIFICATION("scanner", Need.DDOS),
    /** A transport error without an address ({@code Read from socket failed: Connection reset by peer}). */
    SCANNER_HOSTLESS("scanner", Need.DDOS),
    /** {@code Unable to negotiate with A ...: no matching ... found}. */
    NEGOTIATION("negotiation", Need.EXTRA),
    /** {@code Unable to negotiate a ...}, {@code no matching ... found:} without an address. */
    NEGOTIATION_HOSTLESS("negotiation", Need.EXTRA);

    /** The modes in which a kind counts. */
    enum Need { NORMAL, DDOS, EXTRA, DDOS_OR_EXTRA, NEVER }

    private final String failureKind;
    private final Need need;

    MessageKind(String failureKind, Need need) {
        this.failureKind = failureKind;
        this.need = need;
    }

    /** The failure kind reported to the sink; null for kinds that never count. */
    String failureKind() {
        return failureKind;
    }

    /** Whether a message of this kind is a failure in {@code mode}; closes count only before auth. */
    boolean counts(SshdMode mode, boolean preauth) {
        return switch (need) {
            case NORMAL -> true;
            case DDOS -> mode.ddos() && (this != CLOSE || preauth);
            case EXTRA -> mode.extra();
            case DDOS_OR_EXTRA -> preauth && (mode.ddos() || mode.extra());
            case NEVER -> false;
        };
    }
}
