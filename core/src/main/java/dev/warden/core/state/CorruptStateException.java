package dev.warden.core.state;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A state file that cannot be read as a whole: torn (no end line), corrupt (checksum mismatch), or with a
 * line that does not parse. The message is {@code FILE:LINE: what}, for an operator.
 */
public final class CorruptStateException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    /**
     * @param file the state file
     * @param line the 1-based line the problem was found on
     * @param problem what is wrong, in the operator's words
     */
    public CorruptStateException(Path file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    /** The state file, never null. */
    public Path file() {
        return file;
    }

    /** The 1-based line the problem was found on. */
    public int line() {
        return line;
    }
}
