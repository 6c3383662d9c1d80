package dev.warden.core.api;

import dev.warden.core.control.ControlClient;
import dev.warden.core.control.ControlRequest;
import dev.warden.core.control.ControlResponse;
import dev.warden.core.control.NoDaemonException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Talks to a running daemon over its control socket: one command, one reply ({@code status}, {@code bans},
 * {@code ban}, {@code unban}, {@code reload}; see docs/operations.md for each command's arguments and body).
 *
 * <p>Stateless; {@link #call} may be used from any thread, each call with its own connection.
 */
public final class DaemonClient {

    private DaemonClient() {
    }

    /**
     * Sends {@code command} with {@code args} to the daemon listening on {@code socket} and waits for its reply.
     *
     * @param args named string arguments; null for none; no null key or value
     * @param timeout for the whole exchange (connecting, sending, receiving); positive
     * @return the daemon's reply, which may be a refusal ({@link DaemonReply#ok()} false); never null
     * @throws DaemonNotListeningException if the socket file does not exist or nobody listens on it
     * @throws java.net.SocketTimeoutException if the daemon did not answer within {@code timeout}
     * @throws IOException if the daemon closed the connection without answering or answered with something that
     *     is not a reply, or the socket cannot be used (for example, permission denied); the message says which
     *     and names the socket
     * @throws IllegalArgumentException if {@code command} is blank or {@code timeout} is not positive
     */
    public static DaemonReply call(Path socket, String command, Map<String, String> args, Duration timeout)
            throws IOException {
        ControlResponse r;
        try {
            r = ControlClient.call(socket, new ControlRequest(command, args), timeout);
        } catch (NoDaemonException e) {
            throw new DaemonNotListeningException(e.getMessage(), e.getCause());
        }
        return new DaemonReply(r.ok(), r.body(), r.error());
    }
}
