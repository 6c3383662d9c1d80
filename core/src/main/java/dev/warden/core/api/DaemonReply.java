package dev.warden.core.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The daemon's answer to one command ({@link DaemonClient#call}): a success with its body, or the daemon's
 * refusal with its reason.
 *
 * @param ok whether the daemon carried the command out
 * @param body for a success, the command's result (JSON {@code null} when there is nothing to say), never a
 *     Java null; null for a refusal. Read-only.
 * @param error for a refusal, what went wrong in the operator's words, on one line; null for a success
 */
public record DaemonReply(boolean ok, JsonNode body, String error) {

    /** @throws IllegalArgumentException unless exactly one of {@code body} (success) and {@code error} is set */
    public DaemonReply {
        if (ok == (body == null) || ok == (error != null)) {
            throw new IllegalArgumentException("a success has a body and no error, a refusal an error and no body");
        }
    }
}
