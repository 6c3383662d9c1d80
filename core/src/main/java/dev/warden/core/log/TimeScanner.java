package dev.warden.core.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.LocalDate;

import static dev.warden.core.log.TimeBytes.clock;
import static dev.warden.core.log.TimeBytes.digit;
import static dev.warden.core.log.TimeBytes.fieldEnd;
import static dev.warden.core.log.TimeBytes.fourDigits;
import static dev.warden.core.log.TimeBytes.fractionEnd;
import static dev.warden.core.log.TimeBytes.fractionMillis;
import static dev.warden.core.log.TimeBytes.isDigit;
import static dev.warden.core.log.TimeBytes.month;
import static dev.warden.core.log.TimeBytes.twoDigits;
import static dev.warden.core.log.TimeBytes.weekday;

/**
 * Reads one timestamp at a given offset of a line, in the built-in shapes ({@link TimeFormat}) or, for a jail
 * with a {@code time-format}, in that pattern only. Byte scans dispatched on the first byte: a line pays for
 * the shapes that can start with it, never a regex, never an allocation (dates and zone offsets are cached).
 * After a successful {@link #read}, {@link #millis} and {@link #format} describe the time. Confined to one thread.
 */
final class TimeScanner {

    /** Seconds between TAI64's label origin (2^62) and the Unix epoch: daemontools counts TAI as UTC + 10 s. */
    private static final long TAI64_EPOCH = (1L << 62) + 10;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final CivilTime civil;
    private final YearInference years;
    private final TimePattern pattern;
    private final TimeFields fields;
    private int cachedMonthDay = -1;
    private long cachedMonthDayEpochDay;
    /**
     * The last RFC 3164 time read, with the blank after it ({@code "Dec 31 06:00:00 "}, 15 or 16 bytes): its
     * first and last eight bytes, its length (0: none yet) and its time. Consecutive syslog lines mostly
     * share their time; the same bytes always read as the same time, so they are compared, not read again.
     */
    private long lastHead;
    private long lastTail;
    private int lastLength;
    private long lastMillis;

    /** The time read last, in epoch milliseconds. */
    long millis;
    /** The shape read last. */
    TimeFormat format = TimeFormat.NONE;

    /**
     * @param pattern the jail's {@code time-format}, or null for the built-in shapes
     */
    TimeScanner(CivilTime civil, YearInference years, TimePattern pattern) {
        this.civil = civil;
        this.years = years;
        this.pattern = pattern;
        this.fields = pattern == null ? null : new TimeFields();
    }

    /** Whether this scanner reads a jail's own pattern instead of the built-in shapes. */
    boolean custom() {
        return pattern != null;
    }

    /**
     * Reads a time at {@code p}; returns the offset just after it (a blank or the line's end stands there), or
     * -1 when none is there.
     */
    int read(byte[] b, int p, int end) {
        if (p >= end) {
            return -1;
        }
        if (pattern != null) {
            return custom(b, p, end);
        }
        byte c = b[p];
        if (isDigit(c)) {
            return numeric(b, p, end);
        }
        if (c >= 'A' && c <= 'Z') {
            int q = rfc3164(b, p, end);
            return q >= 0 ? q : ctime(b, p, end, false);
        }
        if (c == '[') {
            return bracketed(b, p, end);
        }
        if (c == '@') {
            return tai64n(b, p, end);
        }
        return -1;
    }

    /**
     * Apache's and nginx's access-log time where the access log puts it: after the client address, the
     * identity and the user ({@code 192.0.2.1 - bob [06/Dec/2026:19:02:25 +0000] "GET ...}), one more field
     * before them allowed (Apache's {@code vhost_combined}). It must be followed by the line's end or the
     * quoted request, which a user name cannot forge (both servers escape its quotes). Returns whether it
     * was found.
     */
    boolean accessLog(byte[] b, int start, int end) {
        if (pattern != null) {
            return false;
        }
        int blanks = 0;
        for (int i = start; i < end && i - start < 512 && blanks < 4; i++) {
            if (b[i] != ' ') {
                continue;
            }
            blanks++;
            if (blanks >= 3 && i + 1 < end && b[i + 1] == '[') {
                int q = clf(b, i + 2, end);
                if (q >= 0 && q < end && b[q] == ']' && (q + 1 == end
                        || (q + 2 < end && b[q + 1] == ' ' && b[q + 2] == '"'))) {
                    format = TimeFormat.APACHE;
                    return true;
                }
            }
        }
        return false;
    }

    private int numeric(byte[] b, int p, int end) {
        if (p + 4 < end && b[p + 4] == '-') {
            return iso8601(b, p, end);
        }
        if (p + 4 < end && b[p + 4] == '/') {
            return nginx(b, p, end);
        }
        if (p + 6 < end && b[p + 6] == ' ') {
            return mysql(b, p, end);
        }
        return -1;
    }

    /** {@code Mmm dd HH:MM:SS}, the day padded with a blank or a zero or not padded, then a blank. */
    private int rfc3164(byte[] b, int p, int end) {
        int n = lastLength;
        if (n > 0 && end - p >= n && (long) LONGS.get(b, p) == lastHead && (long) LONGS.get(b, p + n - 8) == lastTail) {
            return done(lastMillis, TimeFormat.RFC3164, p + n - 1);
        }
        if (end - p < 15 || b[p + 3] != ' ') {
            return -1;
        }
        int d1;
        int t;
        if (end - p >= 16 && b[p + 6] == ' ') {
            d1 = b[p + 4] == ' ' ? 0 : digit(b, p + 4, end);
            t = p + 7;
        } else if (b[p + 5] == ' ') {
            d1 = 0;
            t = p + 6;
        } else {
            return -1;
        }
        int month = month(b, p, end);
        int d2 = digit(b, t - 2, end);
        if (month == 0 || d1 < 0 || d2 < 0 || t + 8 >= end || b[t + 8] != ' ') {
            return -1;
        }
        int second = clock(b, t, end, false);
        if (second < 0) {
            return -1;
        }
        long day = inferredDay(month, d1 * 10 + d2);
        if (day == CivilTime.NO_DATE) {
            return -1;
        }
        long t0 = civil.local(day, second, 0);
        lastLength = t + 9 - p;
        lastHead = (long) LONGS.get(b, p);
        lastTail = (long) LONGS.get(b, t + 1);
        lastMillis = t0;
        return done(t0, TimeFormat.RFC3164, t + 8);
    }

    /** The epoch day of a month and day without a year ({@link YearInference}), cached; or NO_DATE. */
    private long inferredDay(int month, int day) {
        int key = month * 32 + day;
        if (key != cachedMonthDay) {
            LocalDate date = years.date(month, day);
            if (date == null) {
                return CivilTime.NO_DATE;
            }
            cachedMonthDay = key;
            cachedMonthDayEpochDay = date.toEpochDay();
        }
        return cachedMonthDayEpochDay;
    }

    /**
     * {@code YYYY-MM-DD(T| )HH:MM:SS[.frac][Z|±HH[:MM]]}; with a blank separator the hour may be padded with a
     * blank ({@code 2015-10-07  8:25:38}, MySQL 5.6). Without a zone: the jail's zone.
     */
    private int iso8601(byte[] b, int p, int end) {
        if (end - p < 19 || b[p + 7] != '-' || (b[p + 10] != 'T' && b[p + 10] != ' ')) {
            return -1;
        }
        long day = civil.epochDay(fourDigits(b, p, end), twoDigits(b, p + 5, end), twoDigits(b, p + 8, end));
        int second = clock(b, p + 11, end, b[p + 10] == ' ');
        if (day == CivilTime.NO_DATE || second < 0) {
            return -1;
        }
        int i = fractionEnd(b, p + 19, end);
        if (i < 0) {
            return -1;
        }
        int millis = i > p + 19 ? fractionMillis(b, p + 20, i) : 0;
        if (i < end && (b[i] == 'Z' || b[i] == 'z')) {
            return fieldEnd(b, i + 1, end) ? done(CivilTime.utc(day, second, millis, 0), TimeFormat.ISO8601, i + 1) : -1;
        }
        if (i < end && (b[i] == '+' || b[i] == '-')) {
            int oh = twoDigits(b, i + 1, end);
            int j = i + 3 < end && b[i + 3] == ':' ? i + 4 : i + 3;
            int om = fieldEnd(b, i + 3, end) ? 0 : twoDigits(b, j, end);
            int after = fieldEnd(b, i + 3, end) ? i + 3 : j + 2;
            if (oh < 0 || om < 0 || oh > 18 || om > 59 || !fieldEnd(b, after, end)) {
                return -1;
            }
            int offset = (oh * 3600 + om * 60) * (b[i] == '-' ? -1 : 1);
            return done(CivilTime.utc(day, second, millis, offset), TimeFormat.ISO8601, after);
        }
        if (!fieldEnd(b, i, end)) {
            return -1;
        }
        return done(civil.local(day, second, millis), TimeFormat.ISO8601_LOCAL, i);
    }

    /** nginx's error log: {@code YYYY/MM/DD HH:MM:SS}, the jail's zone. */
    private int nginx(byte[] b, int p, int end) {
        if (end - p < 19 || b[p + 7] != '/' || b[p + 10] != ' ' || !fieldEnd(b, p + 19, end)) {
            return -1;
        }
        long day = civil.epochDay(fourDigits(b, p, end), twoDigits(b, p + 5, end), twoDigits(b, p + 8, end));
        int second = clock(b, p + 11, end, false);
        if (day == CivilTime.NO_DATE || second < 0) {
            return -1;
        }
        return done(civil.local(day, second, 0), TimeFormat.NGINX, p + 19);
    }

    /** MySQL before 5.6: {@code YYMMDD HH:MM:SS}, the hour padded with a blank ({@code 130324  0:04:00}); 20YY. */
    private int mysql(byte[] b, int p, int end) {
        if (end - p < 15 || !fieldEnd(b, p + 15, end)) {
            return -1;
        }
        int yy = twoDigits(b, p, end);
        long day = yy < 0 ? CivilTime.NO_DATE : civil.epochDay(2000 + yy, twoDigits(b, p + 2, end),
                twoDigits(b, p + 4, end));
        int second = clock(b, p + 7, end, true);
        if (day == CivilTime.NO_DATE || second < 0) {
            return -1;
        }
        return done(civil.local(day, second, 0), TimeFormat.MYSQL, p + 15);
    }

    /**
     * C's {@code ctime}: {@code Www Mmm dd HH:MM:SS[.frac] YYYY}, the day padded with a blank or a zero or not
     * padded; in brackets ({@code bracket}) a {@code ]} must follow, and the offset after it is returned.
     */
    private int ctime(byte[] b, int p, int end, boolean bracket) {
        if (end - p < 23 || !weekday(b, p, end) || b[p + 3] != ' ' || b[p + 7] != ' ') {
            return -1;
        }
        int month = month(b, p + 4, end);
        int d;
        int t;
        if (b[p + 8] == ' ' || b[p + 9] != ' ') {
            d = b[p + 8] == ' ' ? digit(b, p + 9, end) : twoDigits(b, p + 8, end);
            t = p + 11;
            if (b[p + 10] != ' ') {
                return -1;
            }
        } else {
            d = digit(b, p + 8, end);
            t = p + 10;
        }
        int second = clock(b, t, end, false);
        int i = second < 0 ? -1 : fractionEnd(b, t + 8, end);
        if (month == 0 || d < 0 || i < 0 || i + 5 > end || b[i] != ' ') {
            return -1;
        }
        long day = civil.epochDay(fourDigits(b, i + 1, end), month, d);
        int after = i + 5;
        if (day == CivilTime.NO_DATE || (bracket ? after >= end || b[after] != ']' : !fieldEnd(b, after, end))) {
            return -1;
        }
        int millis = i > t + 8 ? fractionMillis(b, t + 9, i) : 0;
        return done(civil.local(day, second, millis), TimeFormat.CTIME, bracket ? after + 1 : after);
    }

    /** {@code [ctime]} (Apache's error log) or {@code [dd/Mmm/yyyy:HH:MM:SS ±hhmm]} (an access log's). */
    private int bracketed(byte[] b, int p, int end) {
        if (p + 1 < end && isDigit(b[p + 1])) {
            int q = clf(b, p + 1, end);
            return q >= 0 && q < end && b[q] == ']' && fieldEnd(b, q + 1, end) ? q + 1 : -1;
        }
        return ctime(b, p + 1, end, true);
    }

    /** {@code dd/Mmm/yyyy:HH:MM:SS ±hhmm} at {@code p}; returns the offset after it, sets the time. */
    private int clf(byte[] b, int p, int end) {
        if (end - p < 26 || b[p + 2] != '/' || b[p + 6] != '/' || b[p + 11] != ':' || b[p + 20] != ' '
                || (b[p + 21] != '+' && b[p + 21] != '-')) {
            return -1;
        }
        long day = civil.epochDay(fourDigits(b, p + 7, end), month(b, p + 3, end), twoDigits(b, p, end));
        int second = clock(b, p + 12, end, false);
        int oh = twoDigits(b, p + 22, end);
        int om = twoDigits(b, p + 24, end);
        if (day == CivilTime.NO_DATE || second < 0 || oh < 0 || om < 0 || oh > 18 || om > 59) {
            return -1;
        }
        int offset = (oh * 3600 + om * 60) * (b[p + 21] == '-' ? -1 : 1);
        return done(CivilTime.utc(day, second, 0, offset), TimeFormat.APACHE, p + 26);
    }

    /** {@code @} and 24 hex digits: TAI64 seconds, then nanoseconds. */
    private int tai64n(byte[] b, int p, int end) {
        if (end - p < 25 || !fieldEnd(b, p + 25, end)) {
            return -1;
        }
        long label = hex(b, p + 1, p + 17);
        long nanos = hex(b, p + 17, p + 25);
        if (label < TAI64_EPOCH || nanos < 0 || nanos > 999_999_999 || label - TAI64_EPOCH > 253_402_300_799L) {
            return -1;
        }
        return done((label - TAI64_EPOCH) * 1000 + nanos / 1_000_000, TimeFormat.TAI64N, p + 25);
    }

    /** The hexadecimal number {@code b[from, to)} (at most 16 digits, read as unsigned into a long), or -1. */
    private static long hex(byte[] b, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            byte c = b[i];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }

    private int custom(byte[] b, int p, int end) {
        int q = pattern.match(b, p, end, fields);
        if (q < 0 || !fieldEnd(b, q, end)) {
            return -1;
        }
        long t = fields.epochMillis(civil, years);
        return t == Long.MIN_VALUE ? -1 : done(t, TimeFormat.CUSTOM, q);
    }

    private int done(long t, TimeFormat f, int after) {
        millis = t;
        format = f;
        return after;
    }
}
