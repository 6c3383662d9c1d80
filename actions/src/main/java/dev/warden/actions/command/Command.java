package dev.warden.actions.command;

import java.util.List;
import java.util.Objects;

/**
 * One external command an action runs: what {@link BatchedCommands} hands to the
 * {@link dev.warden.core.spi.CommandRunner}, and how messages name it.
 *
 * @param name how log lines and errors name it, e.g. {@code /sbin/pfctl -t bot -T add <3 addresses>}
 * @param argv program path and arguments, never a shell; never empty
 * @param stdin the text for its standard input (sent as UTF-8), empty for none
 * @param addresses the addresses it changes, in canonical text: what is "not applied" when it fails;
 *     empty for a command that changes none (setting up a table, say)
 */
public record Command(String name, List<String> argv, String stdin, List<String> addresses) {

    public Command {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stdin, "stdin");
        argv = List.copyOf(argv);
        addresses = List.copyOf(addresses);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty argv");
        }
    }
}
