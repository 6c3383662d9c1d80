package dev.warden.core.control;

/**
 * What the daemon does with a control request; the engine implements it.
 *
 * <p><b>Threading.</b> Called on one of the server's worker threads ({@code warden-control-N}); several
 * requests may be handled at once, on different threads, so an implementation must be thread-safe. It
 * may block (a {@code reload} may take a while), but while it does it holds one of the few workers; a
 * blocked handler should give up when its thread is interrupted, which {@link ControlServer#close}
 * does after a short grace period.
 *
 * <p><b>Failure.</b> A handler reports a failed command with {@link ControlResponse#error}. If it throws
 * instead, the client gets an error response with the exception's message, the exception is logged,
 * and the server carries on. Returning null is treated the same way.
 */
@FunctionalInterface
public interface ControlHandler {

    /**
     * Handles one request.
     *
     * @param request the decoded request, never null
     * @return the response to send, never null
     */
    ControlResponse handle(ControlRequest request);
}
