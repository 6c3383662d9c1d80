package dev.warden.cli;

import java.io.IOException;
import java.nio.file.Path;

/** One-line messages about a state directory that cannot be used, shared by {@code run} and {@code scan}. */
final class StateDirectory {

    private StateDirectory() {
    }

    /** {@code e}'s message, prefixed with the directory unless it already names it. */
    static String problem(Path dir, IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains(dir.toString()) ? message : "state directory " + dir + ": " + message;
    }
}
