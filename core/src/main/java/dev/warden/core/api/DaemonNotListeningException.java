package dev.warden.core.api;

import java.io.IOException;

/**
 * No daemon is listening on the control socket ({@link DaemonClient#call}): the socket file does not exist,
 * or it is stale (left by a daemon that was killed, so connecting is refused). Its message reads
 * {@code no daemon is listening on SOCKET}.
 */
public final class DaemonNotListeningException extends IOException {

    private static final long serialVersionUID = 1L;

    DaemonNotListeningException(String message, Throwable cause) {
        super(message, cause);
    }
}
