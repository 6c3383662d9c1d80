package dev.warden.core.metrics;

import java.util.Map;
import java.util.Objects;

/**
 * What one running jail has counted since it started (a reload starts it again from zero), as the engine
 * reports it after each round. Immutable.
 *
 * @param jail the jail's name
 * @param lines lines read, those withheld from the filter included
 * @param continuationLines lines withheld: without a time of their own in a log that has shown timed lines
 * @param unreadableTimeLines lines withheld: their time could not be read, in a log whose lines have times
 * @param overlongLines lines withheld: longer than the maximum line length
 * @param filterErrors lines the filter could not handle
 * @param failures failures that counted (not ignore-listed), by the kind the filter named
 * @param ignoredFailures failures of ignore-listed addresses
 * @param unattributed failures without an address
 * @param bans bans decided (automatic and by hand)
 * @param unbans bans lifted through the actions (at their end, by hand, or with a removed jail)
 * @param bansActive bans in force now
 * @param addressesTracked addresses whose failures are counting now
 * @param actionFailures failed action calls, by action type
 * @param readFailures rounds in which the jail's logs could not be read
 */
public record JailCounts(String jail, long lines, long continuationLines, long unreadableTimeLines,
                         long overlongLines, long filterErrors,
                         Map<String, Long> failures, long ignoredFailures, long unattributed, long bans,
                         long unbans, int bansActive, int addressesTracked, Map<String, Long> actionFailures,
                         long readFailures) {

    public JailCounts {
        Objects.requireNonNull(jail, "jail");
        failures = Map.copyOf(failures);
        actionFailures = Map.copyOf(actionFailures);
    }
}
