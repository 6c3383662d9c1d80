package dev.warden.core.daemon;

import java.util.List;

/**
 * What one running jail has done, for {@code warden status}.
 *
 * @param name the jail
 * @param files the files followed now
 * @param lines lines read since the daemon started
 * @param skippedLines lines the filter could not handle
 * @param failuresCounted failures now counting towards a ban
 * @param addressesTracked addresses with failures now counting
 * @param failuresTotal failures seen since the daemon started (ignore-listed ones excluded)
 * @param ignoredFailures failures of ignore-listed addresses
 * @param unattributed failures without an address
 * @param bansActive bans in force now
 * @param bansTotal bans decided since the daemon started (automatic and manual)
 */
public record JailStatus(String name, List<String> files, long lines, long skippedLines, long failuresCounted,
                         int addressesTracked, long failuresTotal, long ignoredFailures, long unattributed,
                         int bansActive, long bansTotal) {

    public JailStatus {
        files = List.copyOf(files);
    }
}
