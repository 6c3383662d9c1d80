package dev.warden.core.log;

/**
 * Which lines of one log file may reach a filter. A syslog daemon starts every message it writes with a
 * time; once a file has shown a line with a readable time, a later line without one (a line starting with
 * a blank included: no time format starts with one) is not a message's start but the rest of the message
 * before it, cut by an embedded newline (PAM modules, journal exports, relays that do not escape) — text a
 * client may have chosen, such as {@code sshd[1]: Failed password for root from ADMIN}. Such a
 * <em>continuation line</em> is withheld from the filter and counted. A file that has shown no timed line
 * (a bare message log, a journal export without times) is read whole, as before.
 *
 * <p>One instance per file (per followed path, so that a rotated file's successor keeps what its
 * predecessor showed). Confined to one thread; allocation-free.
 */
final class LineTrust {

    private boolean timed;

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
}
