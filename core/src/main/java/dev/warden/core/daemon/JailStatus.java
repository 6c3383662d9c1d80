package dev.warden.core.daemon;

import java.util.List;

/**
 * What one running jail has done, for {@code warden status}. The counters ("since the jail started")
 * start again at a reload, which starts every jail afresh; counted failures and bans carry over.
 *
 * @param name the jail
 * @param files the files followed now
 * @param lines lines read since the jail started
 * @param skippedLines lines the filter could not handle
 * @param failuresCounted failures now counting towards a ban
 * @param addressesTracked addresses with failures now counting
 * @param failuresTotal failures seen since the jail started (ignore-listed ones excluded)
 * @param ignoredFailures failures of ignore-listed addresses
 * @param unattributed failures without an address
 * @param bansActive bans in force now
 * @param bansTotal bans decided since the jail started (automatic and manual)
 */
public record JailStatus(String name, List<String> files, long lines, long skippedLines, long failuresCounted,
                         int addressesTracked, long failuresTotal, long ignoredFailures, long unattributed,
                         int bansActive, long bansTotal) {

    public JailStatus {
        files = List.copyOf(files);
    }
}
