package dev.warden.core.log;

/**
 * Which lines of one log file may reach a filter. A syslog daemon starts every message it writes with a
 * time; once a file has shown a line with a readable time (or from its first line, for a jail with a
 * {@code time-format}), a later line without one is withheld from the filter and counted, never stamped
 * with another line's time, as fail2ban ignores a line without a date:
 * <ul>
 * <li>a line that starts as a time would ({@link #looksTimed}: two digits, {@code [}, {@code @}, {@code <}, or a
 *     capitalized three-letter word and a blank, such as {@code Feb 30 10:00:00} or a date in a shape no
 *     reader knows) is a line with an <em>unreadable time</em>;</li>
 * <li>any other (a line starting with a blank included) is a <em>continuation line</em>: the rest of the
 *     message before it, cut by an embedded newline (PAM modules, journal exports, relays that do not
 *     escape) — text a client may have chosen, such as {@code sshd[1]: Failed password for root from ADMIN}.</li>
 * </ul>
 * A file that has shown no timed line (a bare message log, a journal export without times) is read whole,
 * each line taking the time of the line before it (the first ones: the time they are read).
 *
 * <p>One instance per file (per followed path, so that a rotated file's successor keeps what its
 * predecessor showed). Confined to one thread; allocation-free.
 */
final class LineTrust {

    private boolean timed;

    /** A file that has shown nothing yet. */
    LineTrust() {
    }

    /** @param timed whether lines are expected to carry a time from the first one ({@code time-format}) */
    LineTrust(boolean timed) {
        this.timed = timed;
    }

    /**
     * Whether a line with ({@code hasTime}) or without a readable time of its own may reach a filter; a
     * timed line marks the file as timed.
     */
    boolean admits(boolean hasTime) {
        if (hasTime) {
            timed = true;
            return true;
        }
        return !timed;
    }

    /**
     * Whether a withheld line starts as a time would, so that it counts as a line with an unreadable time
     * rather than as a continuation line.
     */
    static boolean looksTimed(byte[] b, int start, int end) {
        if (start >= end) {
            return false;
        }
        byte c = b[start];
        if (c == '[' || c == '@' || c == '<') {
            return true;
        }
        if (TimeBytes.isDigit(c)) {
            return start + 1 < end && TimeBytes.isDigit(b[start + 1]);
        }
        return c >= 'A' && c <= 'Z' && start + 3 < end && b[start + 1] >= 'a' && b[start + 1] <= 'z'
                && b[start + 2] >= 'a' && b[start + 2] <= 'z' && b[start + 3] == ' ';
    }
}
