package dev.warden.core.log;

import java.time.LocalDate;

/**
 * What a {@link TimePattern} match read from a line, and the instant it names: reused for every line by the
 * one thread of its {@link TimeScanner}. Keeps the epoch day of the last month and day without a year.
 */
final class TimeFields {

    int year;
    int month;
    int day;
    int hour;
    int minute;
    int second;
    int millis;
    int pm;
    int offset;
    long epochSeconds;
    private int inferredKey = -1;
    private long inferredDay;

    void clear() {
        year = -1;
        month = 1;
        day = 1;
        hour = 0;
        minute = 0;
        second = 0;
        millis = 0;
        pm = -1;
        offset = Integer.MIN_VALUE;
        epochSeconds = Long.MIN_VALUE;
    }

    /** The time read, or {@code Long.MIN_VALUE} when the fields name no such time. */
    long epochMillis(CivilTime civil, YearInference years) {
        if (epochSeconds != Long.MIN_VALUE) {
            return epochSeconds > 253_402_300_799L ? Long.MIN_VALUE : epochSeconds * 1000 + millis;
        }
        int h = hour;
        if (pm >= 0) {
            if (h < 1 || h > 12) {
                return Long.MIN_VALUE;
            }
            h = h % 12 + (pm == 1 ? 12 : 0);
        }
        int sod = CivilTime.secondOfDay(h, minute, second);
        long d = year >= 0 ? civil.epochDay(year, month, day) : inferred(years);
        if (sod < 0 || d == CivilTime.NO_DATE) {
            return Long.MIN_VALUE;
        }
        return offset == Integer.MIN_VALUE ? civil.local(d, sod, millis) : CivilTime.utc(d, sod, millis, offset);
    }

    private long inferred(YearInference years) {
        int key = month * 32 + day;
        if (key != inferredKey) {
            LocalDate d = years.date(month, day);
            if (d == null) {
                return CivilTime.NO_DATE;
            }
            inferredKey = key;
            inferredDay = d.toEpochDay();
        }
        return inferredDay;
    }
}
