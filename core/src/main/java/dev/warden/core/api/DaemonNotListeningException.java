package dev.warden.core.api;

import java.io.IOException;
import java.nio.file.Path;

/**
 * No daemon is listening on the control socket ({@link DaemonClient#call}): the socket file does not exist,
 * or it is stale (left by a daemon that was killed, so connecting is refused). Its message reads
 * {@code no daemon is listening on SOCKET}.
 */
public final class DaemonNotListeningException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path socket;

    /**
     * @param socket the socket path that was tried
     * @param cause what connecting reported, or null
     */
    public DaemonNotListeningException(Path socket, Throwable cause) {
        super("no daemon is listening on " + socket, cause);
        this.socket = socket;
    }

    /** The socket path that was tried, never null. */
    public Path socket() {
        return socket;
    }
}
