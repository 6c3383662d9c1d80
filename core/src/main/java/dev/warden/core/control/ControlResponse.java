package dev.warden.core.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * The daemon's answer to one {@link ControlRequest}: {@code {"ok":true,"body":<any JSON>}} or
 * {@code {"ok":false,"error":"one-line message"}}. Build one with {@link #ok} or {@link #error}.
 *
 * <p>The {@code body} node is not copied: treat it as read-only once it is in a response.
 *
 * @param ok whether the command succeeded
 * @param error for a failure, what went wrong in the operator's words, on one line (line breaks and
 *     other control characters become spaces); never null or blank when {@code ok} is false, always
 *     null when it is true
 * @param body for a success, the command's result (JSON {@code null} when there is nothing to say),
 *     never a Java null; always null for a failure
 */
public record ControlResponse(boolean ok, String error, JsonNode body) {

    /**
     * @throws IllegalArgumentException if the fields do not fit the shape described above (a success
     *     with an error, a failure with a body, a failure without a message)
     */
    public ControlResponse {
        if (ok) {
            if (error != null) {
                throw new IllegalArgumentException("a success has no error message");
            }
            body = body == null ? NullNode.getInstance() : body;
        } else {
            if (body != null) {
                throw new IllegalArgumentException("a failure has no body");
            }
            error = oneLine(error);
            if (error.isEmpty()) {
                throw new IllegalArgumentException("a failure needs a message");
            }
        }
    }

    /** A success; a null {@code body} becomes JSON {@code null}. */
    public static ControlResponse ok(JsonNode body) {
        return new ControlResponse(true, null, body);
    }

    /**
     * A failure.
     *
     * @param message what went wrong; made one line and trimmed
     * @throws IllegalArgumentException if the message is null or blank
     */
    public static ControlResponse error(String message) {
        return new ControlResponse(false, message, null);
    }

    private static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        return sb.toString().trim();
    }
}
