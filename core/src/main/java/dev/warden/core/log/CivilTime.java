package dev.warden.core.log;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * Turns a calendar date and a time of day into epoch milliseconds, either with the offset the log wrote or in
 * one zone (for times written without one). Caches the last date and the zone offset of the last hour, so
 * that a log's lines, whose dates rarely change, cost no allocation. Confined to one thread.
 */
final class CivilTime {

    /** Returned for a date that does not exist. */
    static final long NO_DATE = Long.MIN_VALUE;

    private final ZoneRules rules;
    private final ZoneOffset fixedOffset;
    private int dateKey = -1;
    private long epochDay;
    private long offsetKey = Long.MIN_VALUE;
    private int offsetSeconds;

    CivilTime(ZoneId zone) {
        this.rules = zone.getRules();
        this.fixedOffset = rules.isFixedOffset() ? rules.getOffset(java.time.Instant.EPOCH) : null;
    }

    /** The epoch day of {@code year-month-day}, or {@link #NO_DATE} when there is no such date (or year out of 1..9999). */
    long epochDay(int year, int month, int day) {
        if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) {
            return NO_DATE;
        }
        int key = (year * 13 + month) * 32 + day;
        if (key != dateKey) {
            if (day > lengthOfMonth(year, month)) {
                return NO_DATE;
            }
            epochDay = LocalDate.of(year, month, day).toEpochDay();
            dateKey = key;
        }
        return epochDay;
    }

    /** Milliseconds of a wall-clock time in this zone (in a gap of a change of offset: the offset before it). */
    long local(long day, int secondOfDay, int millis) {
        return utc(day, secondOfDay, millis, offsetSeconds(day, secondOfDay));
    }

    /** Milliseconds of a wall-clock time written with its offset from UTC. */
    static long utc(long day, int secondOfDay, int millis, int offsetSeconds) {
        return ((day * 86_400 + secondOfDay) - offsetSeconds) * 1000 + millis;
    }

    /** Seconds of {@code hh:mm:ss}, a leap second read as :59; -1 when out of range. */
    static int secondOfDay(int hh, int mm, int ss) {
        if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60) {
            return -1;
        }
        return hh * 3600 + mm * 60 + Math.min(ss, 59);
    }

    private int offsetSeconds(long day, int secondOfDay) {
        if (fixedOffset != null) {
            return fixedOffset.getTotalSeconds();
        }
        long key = day * 24 + secondOfDay / 3600;
        if (key != offsetKey) {
            LocalDateTime ldt = LocalDateTime.of(LocalDate.ofEpochDay(day), LocalTime.ofSecondOfDay(secondOfDay));
            offsetSeconds = rules.getOffset(ldt).getTotalSeconds();
            offsetKey = key;
        }
        return offsetSeconds;
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> Year.isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }
}
