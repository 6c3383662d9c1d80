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
 */
record SshdEvent(MessageKind kind, IpAddress address, String user, boolean preauth) {

    SshdEvent {
        Objects.requireNonNull(kind, "kind");
    }
}
