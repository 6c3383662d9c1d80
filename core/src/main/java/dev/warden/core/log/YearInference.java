package dev.warden.core.log;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Gives a year to RFC 3164 dates, which have none: the year of the reference time, unless that
 * puts the date more than one day after the reference, in which case the previous year. So a log
 * crossing New Year counts correctly, and a Feb 29 goes to the last leap year before it.
 */
public final class YearInference {

    private final LocalDate referenceDate;

    public YearInference(Instant reference, ZoneId zone) {
        this.referenceDate = ZonedDateTime.ofInstant(reference, zone).toLocalDate();
    }

    /** The date of month {@code month} (1-12) and {@code day}, or null when no year has such a date. */
    public LocalDate date(int month, int day) {
        LocalDate latest = referenceDate.plusDays(1);
        for (int year = referenceDate.getYear(); year > referenceDate.getYear() - 8; year--) {
            LocalDate d = validDate(year, month, day);
            if (d != null && !d.isAfter(latest)) {
                return d;
            }
        }
        return null;
    }

    private static LocalDate validDate(int year, int month, int day) {
        if (month < 1 || month > 12 || day < 1 || day > 31) {
            return null;
        }
        if (day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        return LocalDate.of(year, month, day);
    }
}
