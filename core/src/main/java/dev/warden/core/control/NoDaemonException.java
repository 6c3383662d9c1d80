package dev.warden.core.control;

import java.io.IOException;
import java.nio.file.Path;

/**
 * No daemon is listening on the control socket: the socket file does not exist, or it is stale (left by
 * a daemon that was killed, so connecting is refused). The CLI reports it as "is warden run started?"
 * rather than as an I/O failure.
 */
public final class NoDaemonException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path socket;

    /**
     * @param socket the socket path that was tried
     * @param cause what connecting reported, or null
     */
    public NoDaemonException(Path socket, Throwable cause) {
        super("no daemon is listening on " + socket, cause);
        this.socket = socket;
    }

    /** The socket path that was tried, never null. */
    public Path socket() {
        return socket;
    }
}
