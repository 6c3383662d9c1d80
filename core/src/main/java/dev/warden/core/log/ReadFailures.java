package dev.warden.core.log;

import java.io.IOException;

/**
 * The failures of reading several files in one go, so that one unreadable file does not stop the others:
 * the first is thrown at the end, the later ones suppressed in it. One thread.
 */
final class ReadFailures {

    private IOException first;

    void add(IOException e) {
        if (first == null) {
            first = e;
        } else {
            first.addSuppressed(e);
        }
    }

    /** Throws the first failure added, if any. */
    void throwIfAny() throws IOException {
        if (first != null) {
            throw first;
        }
    }
}
