package dev.warden.core.control;

import java.util.Map;
import java.util.Objects;

/**
 * One request to the daemon, as sent on the control socket:
 * {@code {"command":"status","args":{"jail":"smtpd"}}}.
 *
 * @param command what to do ({@code status}, {@code bans}, {@code ban}, {@code unban}, {@code reload}, ...);
 *     never null or blank. The server does not interpret it: the {@link ControlHandler} does.
 * @param args named string arguments; never null (null becomes an empty map), an unmodifiable copy,
 *     with no null keys or values
 */
public record ControlRequest(String command, Map<String, String> args) {

    /**
     * @throws NullPointerException if {@code command}, or a key or value of {@code args}, is null
     * @throws IllegalArgumentException if {@code command} is blank
     */
    public ControlRequest {
        Objects.requireNonNull(command, "command");
        if (command.isBlank()) {
            throw new IllegalArgumentException("command is blank");
        }
        args = args == null ? Map.of() : Map.copyOf(args);
    }

    /** A request with no arguments. */
    public static ControlRequest of(String command) {
        return new ControlRequest(command, Map.of());
    }
}
