package dev.warden.core.daemon;

import java.util.List;

/**
 * What one running jail has done, for {@code warden status}. The counters ("since the jail started")
 * start again at a reload, which starts every jail afresh; counted failures and bans carry over.
 *
 * @param name the jail
 * @param files the files followed now
 * @param lines lines read since the jail started, those withheld from the filter included
 * @param continuationLines lines withheld from the filter: without a time of their own in a log that has shown
 *     timed lines (the rest of a message with an embedded newline, or a forgery)
 * @param unreadableTimeLines lines withheld from the filter: their time could not be read, in a log whose lines
 *     have times (never stamped with another line's time)
 * @param overlongLines lines withheld from the filter: longer than the maximum line length
 * @param skippedLines lines the filter could not handle
 * @param failuresCounted failures now counting towards a ban
 * @param addressesTracked addresses with failures now counting
 * @param failuresTotal failures seen since the jail started (ignore-listed ones excluded)
 * @param ignoredFailures failures of ignore-listed addresses
 * @param unattributed failures without an address
 * @param bansActive bans in force now
 * @param bansTotal bans decided since the jail started (automatic and manual)
 */
public record JailStatus(String name, List<String> files, long lines, long continuationLines,
                         long unreadableTimeLines, long overlongLines,
                         long skippedLines, long failuresCounted, int addressesTracked, long failuresTotal,
                         long ignoredFailures, long unattributed, int bansActive, long bansTotal) {

    public JailStatus {
        files = List.copyOf(files);
    }
}
