package dev.warden.core.control;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one request line into one response line: decode, call the {@link ControlHandler}, encode. A
 * malformed request, a handler that throws or returns null, and a body that cannot be encoded all
 * become error responses; only an {@link Error} escapes.
 *
 * <p><b>Threading.</b> Called on worker threads, several at once; thread-safe if the handler is.
 */
final class RequestRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RequestRunner.class);

    private final ControlHandler handler;
    private final ControlCodec codec;

    RequestRunner(ControlHandler handler, ControlCodec codec) {
        this.handler = handler;
        this.codec = codec;
    }

    /** The response line, with its newline, for a request line without its newline. */
    byte[] answer(byte[] requestLine) {
        ControlResponse response = respond(requestLine);
        try {
            return codec.encode(response);
        } catch (RuntimeException e) {
            LOG.warn("cannot encode a control response", e);
            return codec.encode(ControlResponse.error("cannot encode the response: " + describe(e)));
        }
    }

    private ControlResponse respond(byte[] requestLine) {
        ControlRequest request;
        try {
            request = codec.decodeRequest(requestLine, requestLine.length);
        } catch (IllegalArgumentException e) {
            LOG.debug("rejected control request: {}", e.getMessage());
            return ControlResponse.error(e.getMessage());
        }
        try {
            ControlResponse response = handler.handle(request);
            if (response != null) {
                return response;
            }
            LOG.warn("control command {} returned no response", request.command());
            return ControlResponse.error("internal error: no response to " + request.command());
        } catch (RuntimeException e) {
            LOG.warn("control command {} failed", request.command(), e);
            return ControlResponse.error(describe(e));
        }
    }

    /** The exception's message, or its class name when it has none. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
