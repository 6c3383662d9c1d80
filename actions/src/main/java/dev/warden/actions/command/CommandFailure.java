package dev.warden.actions.command;

import dev.warden.core.spi.CommandResult;

import java.time.Duration;

/**
 * Why an external command failed, in one line for the operator's log and the action's error, as
 * {@link BatchedCommands} reports it. Stateless.
 */
final class CommandFailure {

    /** At most this much of a command's error output is quoted. */
    static final int QUOTED_STDERR_CHARS = 1000;

    private CommandFailure() {
    }

    /** {@code COMMAND timed out after 30s and was killed: STDERR} or {@code COMMAND exited with status N: STDERR}. */
    static String describe(String command, CommandResult result, Duration timeout) {
        return command + (result.timedOut()
                ? " timed out after " + seconds(timeout) + " and was killed"
                : " exited with status " + result.exitCode()) + ": " + quote(result.stderr());
    }

    /** The trimmed error output, cut at {@link #QUOTED_STDERR_CHARS} characters, or a note that there is none. */
    static String quote(String stderr) {
        String s = stderr.trim();
        if (s.isEmpty()) {
            return "(no error output)";
        }
        return s.length() <= QUOTED_STDERR_CHARS ? s : s.substring(0, QUOTED_STDERR_CHARS) + "...";
    }

    /** {@code 30s}, or {@code 300ms} when not whole seconds. */
    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
