package dev.warden.filters.sshd;

import dev.warden.core.spi.IpAddress;

import java.util.Objects;

/**
 * One recognized sshd message.
 *
 * @param kind what it means; never null
 * @param address the peer address sshd wrote, or null when the message has none
 * @param user the user name where it matters for correlation (pam, accepted), else null
 * @param preauth whether the message ended with {@code [preauth]}
 * @param method the authentication method of a {@code Failed <method>} line ({@code password},
 *        {@code keyboard-interactive/pam}, ...), else null
 */
record SshdEvent(MessageKind kind, IpAddress address, String user, boolean preauth, String method) {

    SshdEvent {
        Objects.requireNonNull(kind, "kind");
    }

    /** An event of a message that names no authentication method. */
    SshdEvent(MessageKind kind, IpAddress address, String user, boolean preauth) {
        this(kind, address, user, preauth, null);
    }

    /**
     * Whether this is a {@code Failed} line of a method sshd runs through PAM when {@code UsePAM} is on
     * ({@code password}, {@code keyboard-interactive[/pam]}): the one a PAM {@code authentication failure}
     * line of the same attempt precedes.
     */
    boolean pamBackedMethod() {
        return method != null && (method.equals("password") || method.startsWith("keyboard-interactive"));
    }
}
