package dev.warden.core.spi;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Runs an external program as an argument list (no shell), waits for it, and returns what it did. */
public interface CommandRunner {

    /**
     * Runs {@code argv} with {@code stdin} on its standard input and waits at most {@code timeout}.
     * A program still running at the timeout is killed and reported with {@link CommandResult#timedOut()}.
     *
     * @param argv program path and arguments; never empty
     * @param stdin bytes for standard input, empty for none; never null
     * @throws IOException when the program cannot be started (missing, not executable)
     */
    CommandResult run(List<String> argv, byte[] stdin, Duration timeout) throws IOException;

    /** Same as {@link #run(List, byte[], Duration)} with empty standard input. */
    default CommandResult run(List<String> argv, Duration timeout) throws IOException {
        return run(argv, new byte[0], timeout);
    }
}
