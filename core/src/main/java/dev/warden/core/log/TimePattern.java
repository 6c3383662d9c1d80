package dev.warden.core.log;

import java.util.Arrays;

/**
 * A jail's {@code time-format}: a strftime-like pattern, as fail2ban's {@code datepattern} and
 * {@code strptime(3)} write it, compiled once and matched against a line's bytes without allocation.
 *
 * <p>Directives: {@code %Y} four-digit year, {@code %y} two-digit year (20yy), {@code %m} month 1-12,
 * {@code %b} {@code %h} {@code %B} English month name (abbreviated or full, any case), {@code %d} {@code %e}
 * day (one or two digits, {@code %e} also padded with a blank), {@code %H} {@code %k} hour 0-23, {@code %I}
 * {@code %l} hour 1-12 with {@code %p} AM/PM, {@code %M} minute, {@code %S} second, {@code %f} fraction of a
 * second (1-9 digits), {@code %a} {@code %A} weekday name (read, not checked), {@code %z} offset
 * ({@code Z}, {@code +HH}, {@code +HHMM}, {@code +HH:MM}), {@code %Z} {@code UTC}/{@code GMT}/{@code Z},
 * {@code %s} seconds since the epoch, {@code %T} = {@code %H:%M:%S}, {@code %F} = {@code %Y-%m-%d},
 * {@code %D} = {@code %m/%d/%y}, {@code %R} = {@code %H:%M}, {@code %%} a percent sign. A blank matches one
 * or more blanks; any other character stands for itself. From fail2ban's files: a leading {@code ^} or
 * {@code {^LN-BEG}} is accepted (a time is always read where a line starts or after its syslog header),
 * {@code %%Y} (a percent doubled for Python's config parser) reads as {@code %Y}, and {@code %Ex} before a
 * letter is dropped. Without a year the year is inferred as for RFC 3164; without {@code %z} the time is read
 * in the jail's {@code timezone}. Immutable; {@link #match} is thread-safe given its own {@link TimeFields}.
 */
public final class TimePattern {

    private static final int LITERAL = 0;
    private static final int BLANK = 1;
    private static final int YEAR4 = 2;
    private static final int YEAR2 = 3;
    private static final int MONTH = 4;
    private static final int MONTH_NAME = 5;
    private static final int DAY = 6;
    private static final int DAY_PADDED = 7;
    private static final int HOUR = 8;
    private static final int HOUR12 = 9;
    private static final int AMPM = 10;
    private static final int MINUTE = 11;
    private static final int SECOND = 12;
    private static final int FRACTION = 13;
    private static final int WEEKDAY = 14;
    private static final int OFFSET = 15;
    private static final int ZONE_NAME = 16;
    private static final int EPOCH = 17;

    private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december"};
    private static final String[] WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday"};

    private final String source;
    /** One operation per element: kind in the high bits, a literal byte in the low 8. */
    private final int[] ops;

    private TimePattern(String source, int[] ops) {
        this.source = source;
        this.ops = ops;
    }

    /**
     * Compiles {@code pattern}.
     *
     * @throws IllegalArgumentException naming what is wrong: an unknown directive, a pattern that does not
     *     give a date and a time of day, {@code %I} without {@code %p}
     */
    public static TimePattern compile(String pattern) {
        String p = pattern;
        if (p.startsWith("{^LN-BEG}")) {
            p = p.substring("{^LN-BEG}".length());
        } else if (p.startsWith("^")) {
            p = p.substring(1);
        }
        int[] ops = new int[p.length() * 8 + 1];
        int n = 0;
        int seen = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c > 126 || (c < 32 && c != '\t')) {
                throw new IllegalArgumentException("time-format \"" + pattern + "\": only printable ASCII is read");
            }
            if (c == ' ' || c == '\t') {
                if (n == 0 || ops[n - 1] != BLANK << 8) {
                    ops[n++] = BLANK << 8;
                }
                continue;
            }
            if (c != '%') {
                ops[n++] = (LITERAL << 8) | c;
                continue;
            }
            int j = i + 1;
            if (j < p.length() && p.charAt(j) == '%' && j + 1 < p.length() && isDirective(p.charAt(j + 1))) {
                j++; // %%Y from a fail2ban file
            }
            if (j + 2 < p.length() && p.charAt(j) == 'E' && p.charAt(j + 1) == 'x') {
                j += 2; // fail2ban's %ExY, %Exb
            }
            if (j >= p.length()) {
                throw new IllegalArgumentException("time-format \"" + pattern + "\" ends with a lone %");
            }
            char d = p.charAt(j);
            i = j;
            String expanded = switch (d) {
                case 'T' -> "HMS";
                case 'F' -> "Ymd";
                case 'D' -> "mdy";
                case 'R' -> "HM";
                default -> null;
            };
            if (expanded != null) {
                char sep = d == 'F' ? '-' : d == 'D' ? '/' : ':';
                for (int k = 0; k < expanded.length(); k++) {
                    if (k > 0) {
                        ops[n++] = (LITERAL << 8) | sep;
                    }
                    int kind = kind(expanded.charAt(k), pattern);
                    ops[n++] = kind << 8;
                    seen |= 1 << kind;
                }
                continue;
            }
            if (d == '%') {
                ops[n++] = (LITERAL << 8) | '%';
                continue;
            }
            int kind = kind(d, pattern);
            ops[n++] = kind << 8;
            seen |= 1 << kind;
        }
        check(pattern, seen);
        return new TimePattern(pattern, Arrays.copyOf(ops, n));
    }

    private static boolean isDirective(char c) {
        return "YymbhBdeHkIlpMSfaAzZsTFDR".indexOf(c) >= 0;
    }

    private static int kind(char d, String pattern) {
        return switch (d) {
            case 'Y' -> YEAR4;
            case 'y' -> YEAR2;
            case 'm' -> MONTH;
            case 'b', 'h', 'B' -> MONTH_NAME;
            case 'd' -> DAY;
            case 'e' -> DAY_PADDED;
            case 'H', 'k' -> HOUR;
            case 'I', 'l' -> HOUR12;
            case 'p' -> AMPM;
            case 'M' -> MINUTE;
            case 'S' -> SECOND;
            case 'f' -> FRACTION;
            case 'a', 'A' -> WEEKDAY;
            case 'z' -> OFFSET;
            case 'Z' -> ZONE_NAME;
            case 's' -> EPOCH;
            default -> throw new IllegalArgumentException("time-format \"" + pattern + "\": unknown directive %" + d
                    + " (known: %Y %y %m %b %B %h %d %e %H %k %I %l %p %M %S %f %a %A %z %Z %s %T %F %D %R %%)");
        };
    }

    private static void check(String pattern, int seen) {
        if ((seen & (1 << EPOCH)) != 0) {
            return;
        }
        boolean month = (seen & ((1 << MONTH) | (1 << MONTH_NAME))) != 0;
        boolean day = (seen & ((1 << DAY) | (1 << DAY_PADDED))) != 0;
        boolean hour = (seen & ((1 << HOUR) | (1 << HOUR12))) != 0;
        boolean minute = (seen & (1 << MINUTE)) != 0;
        if (!month || !day || !hour || !minute) {
            throw new IllegalArgumentException("time-format \"" + pattern + "\" must give a month (%m or %b), a day"
                    + " (%d), an hour (%H) and a minute (%M), or seconds since the epoch (%s)");
        }
        if (((seen & (1 << HOUR12)) != 0) != ((seen & (1 << AMPM)) != 0)) {
            throw new IllegalArgumentException("time-format \"" + pattern + "\": %I (hour 1-12) and %p (AM/PM)"
                    + " go together");
        }
    }

    /** The pattern as written. */
    @Override
    public String toString() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimePattern t && t.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    /**
     * Matches the pattern at {@code p}: fills {@code f} and returns the offset after the match, or -1.
     */
    int match(byte[] b, int p, int end, TimeFields f) {
        f.clear();
        int i = p;
        for (int op : ops) {
            i = step(op >>> 8, (byte) op, b, i, end, f);
            if (i < 0) {
                return -1;
            }
        }
        return i;
    }

    private static int step(int kind, byte literal, byte[] b, int i, int end, TimeFields f) {
        switch (kind) {
            case LITERAL:
                return i < end && b[i] == literal ? i + 1 : -1;
            case BLANK: {
                int j = i;
                while (j < end && (b[j] == ' ' || b[j] == '\t')) {
                    j++;
                }
                return j > i ? j : -1;
            }
            case YEAR4:
                return number(b, i, end, 4, 4, f, kind);
            case YEAR2:
                return number(b, i, end, 2, 2, f, kind);
            case DAY_PADDED:
                return number(b, i < end && b[i] == ' ' ? i + 1 : i, end, 1, 2, f, DAY);
            case MONTH, DAY, HOUR, HOUR12, MINUTE, SECOND:
                return number(b, i, end, 1, 2, f, kind);
            case FRACTION: {
                int j = i;
                while (j < end && j - i < 9 && TimeBytes.isDigit(b[j])) {
                    j++;
                }
                if (j == i) {
                    return -1;
                }
                f.millis = TimeBytes.fractionMillis(b, i, j);
                return j;
            }
            case EPOCH:
                return number(b, i, end, 1, 12, f, kind);
            case MONTH_NAME: {
                int m = TimeBytes.month(b, i, end) > 0 ? TimeBytes.month(b, i, end) : name(b, i, end, MONTHS);
                if (m <= 0) {
                    return -1;
                }
                f.month = m;
                return i + nameLength(b, i, end, MONTHS[m - 1]);
            }
            case WEEKDAY: {
                int w = name(b, i, end, WEEKDAYS);
                return w <= 0 ? -1 : i + nameLength(b, i, end, WEEKDAYS[w - 1]);
            }
            case AMPM:
                if (i + 2 <= end && (b[i + 1] == 'M' || b[i + 1] == 'm')) {
                    byte c = b[i];
                    f.pm = c == 'P' || c == 'p' ? 1 : c == 'A' || c == 'a' ? 0 : -1;
                    return f.pm < 0 ? -1 : i + 2;
                }
                return -1;
            case OFFSET:
                return offset(b, i, end, f);
            case ZONE_NAME:
                if (i + 3 <= end && ((b[i] == 'U' && b[i + 1] == 'T' && b[i + 2] == 'C')
                        || (b[i] == 'G' && b[i + 1] == 'M' && b[i + 2] == 'T'))) {
                    f.offset = 0;
                    return i + 3;
                }
                if (i < end && b[i] == 'Z') {
                    f.offset = 0;
                    return i + 1;
                }
                return -1;
            default:
                return -1;
        }
    }

    private static int number(byte[] b, int i, int end, int min, int max, TimeFields f, int kind) {
        long v = 0;
        int j = i;
        while (j < end && j - i < max && TimeBytes.isDigit(b[j])) {
            v = v * 10 + (b[j] - '0');
            j++;
        }
        if (j - i < min) {
            return -1;
        }
        int x = (int) Math.min(v, Integer.MAX_VALUE);
        switch (kind) {
            case YEAR4 -> f.year = x;
            case YEAR2 -> f.year = 2000 + x;
            case MONTH -> f.month = x;
            case DAY -> f.day = x;
            case HOUR, HOUR12 -> f.hour = x;
            case MINUTE -> f.minute = x;
            case SECOND -> f.second = x;
            case EPOCH -> f.epochSeconds = v;
            default -> {
                return -1;
            }
        }
        return j;
    }

    private static int offset(byte[] b, int i, int end, TimeFields f) {
        if (i < end && (b[i] == 'Z' || b[i] == 'z')) {
            f.offset = 0;
            return i + 1;
        }
        if (i >= end || (b[i] != '+' && b[i] != '-')) {
            return -1;
        }
        int oh = TimeBytes.twoDigits(b, i + 1, end);
        if (oh < 0 || oh > 18) {
            return -1;
        }
        int j = i + 3 < end && b[i + 3] == ':' ? i + 4 : i + 3;
        int om = TimeBytes.twoDigits(b, j, end);
        int after = j + 2;
        if (om < 0) {
            if (j != i + 3) {
                return -1;
            }
            om = 0;
            after = i + 3;
        }
        if (om > 59) {
            return -1;
        }
        f.offset = (oh * 3600 + om * 60) * (b[i] == '-' ? -1 : 1);
        return after;
    }

    /** The 1-based index of the name in {@code names} whose first three letters stand at {@code i} (any case), or 0. */
    private static int name(byte[] b, int i, int end, String[] names) {
        if (i + 3 > end) {
            return 0;
        }
        for (int k = 0; k < names.length; k++) {
            String n = names[k];
            if (lower(b[i]) == n.charAt(0) && lower(b[i + 1]) == n.charAt(1) && lower(b[i + 2]) == n.charAt(2)) {
                return k + 1;
            }
        }
        return 0;
    }

    /** 3, or the full name's length when the whole name stands at {@code i}. */
    private static int nameLength(byte[] b, int i, int end, String full) {
        if (i + full.length() > end) {
            return 3;
        }
        for (int k = 3; k < full.length(); k++) {
            if (lower(b[i + k]) != full.charAt(k)) {
                return 3;
            }
        }
        return full.length();
    }

    private static char lower(byte c) {
        return (char) (c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
}
