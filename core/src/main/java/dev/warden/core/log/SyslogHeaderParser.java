package dev.warden.core.log;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * Parses the syslog header of a line into a {@link MutableLogLine}: RFC 3164 ({@code Nov  7 10:00:00
 * host tag[pid]: msg}, year inferred; also {@code Nov 7 10:00:00} with an unpadded day), ISO 8601 /
 * RFC 3339 as rsyslog writes it, RFC 5424 ({@code <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG}), or no
 * timestamp at all (journal exports, bare messages). Allocation-free per line; caches the last date and zone offset. One thread.
 *
 * <p>A line whose time cannot be read keeps the previous line's time ({@link MutableLogLine#hasTime()}
 * false). A line without a recognizable {@code tag:} has an empty tag and its message starts right after
 * the timestamp.
 */
public final class SyslogHeaderParser {

    private final ZoneId zone;
    private final Instant reference;
    private final ZoneRules rules;
    private final ZoneOffset fixedOffset;
    private final YearInference years;

    private int cachedMonthDay = -1;
    private long cachedEpochDay;
    private long cachedOffsetKey = Long.MIN_VALUE;
    private int cachedOffsetSeconds;
    private int isoCachedDateKey = -1;
    private long isoCachedEpochDay;

    private long previousMillis;
    private TimeFormat lastFormat = TimeFormat.NONE;

    /**
     * @param reference the time RFC 3164 dates are inferred against ("now", or {@code scan --now})
     * @param zone the zone of RFC 3164 timestamps
     */
    public SyslogHeaderParser(Instant reference, ZoneId zone) {
        this.zone = zone;
        this.rules = zone.getRules();
        this.fixedOffset = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH) : null;
        this.reference = reference;
        this.years = new YearInference(reference, zone);
        this.previousMillis = reference.toEpochMilli();
    }

    /** A fresh parser with the same reference time and zone, for another thread. */
    public SyslogHeaderParser copy() {
        return new SyslogHeaderParser(reference, zone);
    }

    /**
     * A parser for the same zone inferring years against {@code newReference}, which keeps this one's
     * previous line time (for a following daemon, whose "now" moves on).
     */
    public SyslogHeaderParser withReference(Instant newReference) {
        SyslogHeaderParser p = new SyslogHeaderParser(newReference, zone);
        p.previousMillis = previousMillis;
        return p;
    }

    /** The reference time years are inferred against. */
    public Instant reference() {
        return reference;
    }

    /** The time a line without a readable time gets now (the last read time). */
    long previousMillis() {
        return previousMillis;
    }

    void previousMillis(long millis) {
        this.previousMillis = millis;
    }

    /** The timestamp format of the last parsed line. */
    public TimeFormat lastFormat() {
        return lastFormat;
    }

    /** Parses {@code b[start, end)} into {@code out} (which also takes the bytes and range). */
    public void parse(byte[] b, int start, int end, MutableLogLine out) {
        out.bytes = b;
        out.start = start;
        out.end = end;
        out.pid = -1;
        out.hostStart = out.hostEnd = out.tagStart = out.tagEnd = start;
        int p = rfc3164(b, start, end, out);
        if (p >= 0) {
            lastFormat = TimeFormat.RFC3164;
            SyslogFields.hostAndTag(b, p, end, out);
            return;
        }
        boolean rfc5424 = false;
        int q = start;
        if (q < end && b[q] == '<') {
            int r = q + 1;
            while (r < end && r - q < 5 && isDigit(b[r])) {
                r++;
            }
            if (r + 2 < end && b[r] == '>' && isDigit(b[r + 1]) && b[r + 2] == ' ') {
                q = r + 3;
                rfc5424 = true;
            }
        }
        p = iso8601(b, q, end, out);
        if (p >= 0) {
            lastFormat = TimeFormat.ISO8601;
            if (rfc5424) {
                SyslogFields.rfc5424Fields(b, p, end, out);
            } else {
                SyslogFields.hostAndTag(b, p, end, out);
            }
            return;
        }
        lastFormat = TimeFormat.NONE;
        out.hasTime = false;
        out.epochMillis = previousMillis;
        SyslogFields.hostAndTag(b, start, end, out);
    }

    /**
     * Returns the offset after {@code "Mmm dd HH:MM:SS "} (a day below 10 padded with a blank or a zero), or
     * after {@code "Mmm d HH:MM:SS "} (unpadded, as some syslog daemons and fail2ban's and CrowdSec's samples
     * write it), or -1.
     */
    private int rfc3164(byte[] b, int p, int end, MutableLogLine out) {
        if (end - p < 15 || b[p + 3] != ' ') {
            return -1;
        }
        int d1;
        int t;
        if (end - p >= 16 && b[p + 6] == ' ') {
            d1 = b[p + 4] == ' ' ? 0 : digit(b[p + 4]);
            t = p + 7;
        } else if (b[p + 5] == ' ') {
            d1 = 0;
            t = p + 6;
        } else {
            return -1;
        }
        if (b[t + 2] != ':' || b[t + 5] != ':' || b[t + 8] != ' ') {
            return -1;
        }
        int month = month(b[p], b[p + 1], b[p + 2]);
        int d2 = digit(b[t - 2]);
        int hh = twoDigits(b, t);
        int mm = twoDigits(b, t + 3);
        int ss = twoDigits(b, t + 6);
        if (month == 0 || d1 < 0 || d2 < 0 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60) {
            return -1;
        }
        int day = d1 * 10 + d2;
        int key = month * 32 + day;
        if (key != cachedMonthDay) {
            LocalDate date = years.date(month, day);
            if (date == null) {
                return -1;
            }
            cachedMonthDay = key;
            cachedEpochDay = date.toEpochDay();
        }
        int secondOfDay = hh * 3600 + mm * 60 + Math.min(ss, 59);
        long local = cachedEpochDay * 86_400 + secondOfDay;
        long utc = local - offsetSeconds(cachedEpochDay, hh, secondOfDay);
        setTime(out, utc * 1000);
        return t + 9;
    }

    private int offsetSeconds(long epochDay, int hour, int secondOfDay) {
        if (fixedOffset != null) {
            return fixedOffset.getTotalSeconds();
        }
        long key = epochDay * 24 + hour;
        if (key != cachedOffsetKey) {
            LocalDateTime ldt = LocalDateTime.of(LocalDate.ofEpochDay(epochDay),
                    java.time.LocalTime.ofSecondOfDay(secondOfDay));
            cachedOffsetSeconds = rules.getOffset(ldt).getTotalSeconds();
            cachedOffsetKey = key;
        }
        return cachedOffsetSeconds;
    }

    /** Parses {@code YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM|±HHMM)} and a space; returns the offset after it, or -1. */
    private int iso8601(byte[] b, int p, int end, MutableLogLine out) {
        if (end - p < 20 || b[p + 4] != '-' || b[p + 7] != '-' || (b[p + 10] != 'T' && b[p + 10] != ' ')
                || b[p + 13] != ':' || b[p + 16] != ':') {
            return -1;
        }
        int y1 = twoDigits(b, p);
        int y2 = twoDigits(b, p + 2);
        int mo = twoDigits(b, p + 5);
        int d = twoDigits(b, p + 8);
        int hh = twoDigits(b, p + 11);
        int mi = twoDigits(b, p + 14);
        int ss = twoDigits(b, p + 17);
        if (y1 < 0 || y2 < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || hh < 0 || hh > 23 || mi < 0 || mi > 59
                || ss < 0 || ss > 60) {
            return -1;
        }
        int i = p + 19;
        int millis = 0;
        if (i < end && (b[i] == '.' || b[i] == ',')) {
            i++;
            int digits = 0;
            while (i < end && isDigit(b[i])) {
                if (digits < 3) {
                    millis = millis * 10 + (b[i] - '0');
                }
                digits++;
                i++;
            }
            if (digits == 0) {
                return -1;
            }
            for (int k = digits; k < 3; k++) {
                millis *= 10;
            }
        }
        int offset;
        if (i < end && (b[i] == 'Z' || b[i] == 'z')) {
            offset = 0;
            i++;
        } else if (i + 5 <= end && (b[i] == '+' || b[i] == '-')) {
            int oh = twoDigits(b, i + 1);
            int j = b[i + 3] == ':' ? i + 4 : i + 3;
            int om = j + 2 <= end ? twoDigits(b, j) : -1;
            if (oh < 0 || om < 0 || oh > 18 || om > 59) {
                return -1;
            }
            offset = (oh * 3600 + om * 60) * (b[i] == '-' ? -1 : 1);
            i = j + 2;
        } else {
            return -1; // local time without zone: ambiguous, not read
        }
        if (i < end && b[i] != ' ') {
            return -1;
        }
        int year = y1 * 100 + y2;
        int dateKey = (year * 13 + mo) * 32 + d;
        if (dateKey != isoCachedDateKey) {
            if (d > LocalDate.of(year, mo, 1).lengthOfMonth()) {
                return -1;
            }
            isoCachedEpochDay = LocalDate.of(year, mo, d).toEpochDay();
            isoCachedDateKey = dateKey;
        }
        long seconds = isoCachedEpochDay * 86_400 + hh * 3600 + mi * 60 + Math.min(ss, 59) - offset;
        setTime(out, seconds * 1000 + millis);
        return Math.min(i + 1, end);
    }

    private void setTime(MutableLogLine out, long millis) {
        out.hasTime = true;
        out.epochMillis = millis;
        previousMillis = millis;
    }

    private static int month(byte a, byte b, byte c) {
        int k = (a << 16) | (b << 8) | c;
        return switch (k) {
            case ('J' << 16) | ('a' << 8) | 'n' -> 1;
            case ('F' << 16) | ('e' << 8) | 'b' -> 2;
            case ('M' << 16) | ('a' << 8) | 'r' -> 3;
            case ('A' << 16) | ('p' << 8) | 'r' -> 4;
            case ('M' << 16) | ('a' << 8) | 'y' -> 5;
            case ('J' << 16) | ('u' << 8) | 'n' -> 6;
            case ('J' << 16) | ('u' << 8) | 'l' -> 7;
            case ('A' << 16) | ('u' << 8) | 'g' -> 8;
            case ('S' << 16) | ('e' << 8) | 'p' -> 9;
            case ('O' << 16) | ('c' << 8) | 't' -> 10;
            case ('N' << 16) | ('o' << 8) | 'v' -> 11;
            case ('D' << 16) | ('e' << 8) | 'c' -> 12;
            default -> 0;
        };
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static int digit(byte c) {
        return isDigit(c) ? c - '0' : -1;
    }

    private static int twoDigits(byte[] b, int i) {
        int a = digit(b[i]);
        int c = digit(b[i + 1]);
        return a < 0 || c < 0 ? -1 : a * 10 + c;
    }
}
