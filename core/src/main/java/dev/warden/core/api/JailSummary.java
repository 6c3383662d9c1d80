package dev.warden.core.api;

import java.util.List;

/**
 * What one jail read and decided in a scan.
 *
 * @param name the jail
 * @param files the files it read
 * @param lines lines read
 * @param skippedLines lines its filter could not handle
 * @param unreadableTimeLines lines withheld from its filter because their time could not be read (in a log
 *     whose lines have times)
 * @param failures failures counted (ignore-listed ones excluded)
 * @param unattributed failures without an address
 * @param ignoredFailures failures of ignore-listed addresses
 * @param bansInForce its bans in force at the end
 */
public record JailSummary(String name, List<String> files, long lines, long skippedLines, long unreadableTimeLines,
                          long failures,
                          long unattributed, long ignoredFailures, int bansInForce) {

    public JailSummary {
        files = List.copyOf(files);
    }
}
