package dev.warden.core.spi;

import java.util.List;

/**
 * Carries out ban decisions for one jail: adds addresses to a firewall table, logs them, and so on.
 *
 * <p>Lifecycle: {@link #start()} once, then any number of {@link #ban}/{@link #unban} calls, then
 * {@link #stop()}. <b>Threading:</b> calls come from one thread at a time. <b>Batching:</b> each call
 * carries every address of one decision round; an action should apply them in as few external
 * commands as it can. <b>Failure:</b> throw {@link ActionException} when the change did not (fully)
 * happen; core logs it and retries the batch later. Never drop an address silently. Addresses are
 * already parsed, normalized and checked against the ignore lists. An action never counts or decides.
 */
public interface Action {

    /** Prepares external state (create a table, say). Idempotent. */
    default void start() throws ActionException {
    }

    /** Applies these bans. Never called with an empty list. */
    void ban(List<Ban> bans) throws ActionException;

    /** Lifts these bans. Never called with an empty list. */
    void unban(List<Ban> bans) throws ActionException;

    /** Releases resources; bans stay in place. */
    default void stop() {
    }
}
