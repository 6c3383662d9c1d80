package dev.warden.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/** One-line messages about a state directory that cannot be used, shared by {@code run} and {@code scan}. */
final class StateDirectory {

    private StateDirectory() {
    }

    /**
     * What is wrong, said plainly for the usual causes (a read-only file system, permission denied, a
     * file where a directory should be, a full disk), else {@code e}'s message; prefixed with the directory
     * unless the message already names it.
     */
    static String problem(Path dir, IOException e) {
        if (e instanceof FileSystemException fs) {
            String file = fs.getFile() == null ? dir.toString() : fs.getFile();
            String reason = String.valueOf(fs.getReason());
            if (reason.contains("Read-only file system")) {
                return "state directory " + dir + " is on a read-only file system (remount it read-write, or set"
                        + " state-dir to a writable place)";
            }
            if (e instanceof AccessDeniedException || reason.contains("Permission denied")) {
                return "state directory " + dir + ": permission denied on " + file + " (run Warden as the user that"
                        + " owns it: root for the service)";
            }
            if (reason.contains("Not a directory")) {
                return "state directory " + dir + ": " + file + " is not a directory (a file stands where state-dir"
                        + " or one of its parents should be)";
            }
            if (reason.contains("No space left")) {
                return "state directory " + dir + ": no space left on its file system (" + file + ")";
            }
        }
        String message = String.valueOf(e.getMessage());
        return message.contains(dir.toString()) ? message : "state directory " + dir + ": " + message;
    }

    /** Whether {@code e} says another process holds the directory's lock. */
    static boolean inUse(IOException e) {
        return String.valueOf(e.getMessage()).contains("in use by another Warden");
    }
}
