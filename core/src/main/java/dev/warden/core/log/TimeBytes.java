package dev.warden.core.log;

/**
 * The byte reading that the time readers share: digits, English month and weekday abbreviations. Stateless;
 * every method reads within the bounds it is given or returns a "no" value.
 */
final class TimeBytes {

    private TimeBytes() {
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** The digit at {@code i}, or -1. */
    static int digit(byte[] b, int i, int end) {
        return i < end && isDigit(b[i]) ? b[i] - '0' : -1;
    }

    /** The two digits at {@code i}, or -1. */
    static int twoDigits(byte[] b, int i, int end) {
        int a = digit(b, i, end);
        int c = digit(b, i + 1, end);
        return a < 0 || c < 0 ? -1 : a * 10 + c;
    }

    /** Two digits at {@code i}, the first of which may be a blank ({@code " 8"}), or -1. */
    static int paddedTwoDigits(byte[] b, int i, int end) {
        if (i < end && b[i] == ' ') {
            return digit(b, i + 1, end);
        }
        return twoDigits(b, i, end);
    }

    /** The four digits at {@code i}, or -1. */
    static int fourDigits(byte[] b, int i, int end) {
        int hi = twoDigits(b, i, end);
        int lo = twoDigits(b, i + 2, end);
        return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
    }

    /** {@code HH:MM:SS} at {@code i} (the hour padded with a blank when {@code padded}) as seconds of day, or -1. */
    static int clock(byte[] b, int i, int end, boolean padded) {
        if (i + 8 > end || b[i + 2] != ':' || b[i + 5] != ':') {
            return -1;
        }
        int hh = padded ? paddedTwoDigits(b, i, end) : twoDigits(b, i, end);
        return CivilTime.secondOfDay(hh, twoDigits(b, i + 3, end), twoDigits(b, i + 6, end));
    }

    /** The month (1-12) of the English abbreviation at {@code i} ({@code Jan}), or 0. */
    static int month(byte[] b, int i, int end) {
        if (i + 3 > end) {
            return 0;
        }
        int k = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
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

    /** Whether the English weekday abbreviation ({@code Mon}) stands at {@code i}. */
    static boolean weekday(byte[] b, int i, int end) {
        if (i + 3 > end) {
            return false;
        }
        int k = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
        return switch (k) {
            case ('M' << 16) | ('o' << 8) | 'n', ('T' << 16) | ('u' << 8) | 'e', ('W' << 16) | ('e' << 8) | 'd',
                 ('T' << 16) | ('h' << 8) | 'u', ('F' << 16) | ('r' << 8) | 'i', ('S' << 16) | ('a' << 8) | 't',
                 ('S' << 16) | ('u' << 8) | 'n' -> true;
            default -> false;
        };
    }

    /** Whether a time's end at {@code i} is the end of a field: the line's end or a blank. */
    static boolean fieldEnd(byte[] b, int i, int end) {
        return i == end || (i < end && (b[i] == ' ' || b[i] == '\t'));
    }

    /**
     * The offset after a fraction of a second at {@code i} ({@code .123456} or {@code ,123}): {@code i} itself
     * when there is none, -1 for a separator without digits.
     */
    static int fractionEnd(byte[] b, int i, int end) {
        if (i >= end || (b[i] != '.' && b[i] != ',')) {
            return i;
        }
        int j = i + 1;
        while (j < end && isDigit(b[j])) {
            j++;
        }
        return j == i + 1 ? -1 : j;
    }

    /** The milliseconds of the fraction whose digits are {@code b[from, to)} (truncated). */
    static int fractionMillis(byte[] b, int from, int to) {
        int millis = 0;
        for (int k = 0; k < 3; k++) {
            millis = millis * 10 + (from + k < to ? b[from + k] - '0' : 0);
        }
        return millis;
    }
}
