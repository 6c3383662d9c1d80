package dev.warden.filters.sshd;

import dev.warden.core.spi.LineBytes;

/**
 * Byte-level tests for the words a syslog header leaves in front of a message when core's header
 * parser could not place the tag: dates, times, priorities and {@code facility.level} words, and the
 * sshd program names themselves. Stateless and allocation-free.
 */
final class HeaderTokens {

    /** {@link #sshdTag} result for a word that is not an sshd program name. */
    static final long NOT_SSHD = -2;

    private static final byte[][] PROGRAMS = ascii("sshd", "sshd-session", "sshd-auth");
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
    private static final byte[][] FACILITIES = ascii("auth", "authpriv", "daemon", "user", "security", "kern",
        "syslog", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7");
    private static final byte[][] LEVELS = ascii("emerg", "alert", "crit", "err", "error", "warning", "warn",
        "notice", "info", "debug");

    private HeaderTokens() {
    }

    /** Whether {@code b[s, e)} is {@code sshd}, {@code sshd-session} or {@code sshd-auth}. */
    static boolean isSshdProgram(byte[] b, int s, int e) {
        for (byte[] p : PROGRAMS) {
            if (LineBytes.contentEquals(b, s, e, p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * If the word {@code b[s, e)} is an sshd program tag ({@code sshd}, {@code sshd[12]}, {@code [sshd]},
     * each with an optional colon), returns its pid or -1; otherwise {@link #NOT_SSHD}.
     */
    static long sshdTag(byte[] b, int s, int e) {
        if (e > s && b[e - 1] == ':') {
            e--;
        }
        if (e - s > 2 && b[s] == '[' && b[e - 1] == ']') {
            return isSshdProgram(b, s + 1, e - 1) ? -1 : NOT_SSHD;
        }
        int name = s;
        while (name < e && b[name] != '[') {
            name++;
        }
        if (!isSshdProgram(b, s, name)) {
            return NOT_SSHD;
        }
        if (name == e) {
            return -1;
        }
        if (b[e - 1] != ']' || e - 1 - (name + 1) < 1 || e - 1 - (name + 1) > 18) {
            return NOT_SSHD;
        }
        long pid = 0;
        for (int i = name + 1; i < e - 1; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return NOT_SSHD;
            }
            pid = pid * 10 + (b[i] - '0');
        }
        return pid;
    }

    /** Whether the word is a piece of a header: month, day, time, date, {@code <pri>}, facility.level. */
    static boolean isHeaderWord(byte[] b, int s, int e) {
        if (e > s && b[e - 1] == ':') {
            e--;
        }
        int n = e - s;
        if (n <= 0) {
            return false;
        }
        if (n == 3 && isMonth(b, s)) {
            return true;
        }
        if (n <= 2 && digits(b, s, e)) {
            return true;
        }
        if (n >= 8 && digits(b, s, s + 2) && b[s + 2] == ':' && digits(b, s + 3, s + 5) && b[s + 5] == ':') {
            return true;
        }
        if (n >= 10 && digits(b, s, s + 4) && b[s + 4] == '-' && digits(b, s + 5, s + 7) && b[s + 7] == '-') {
            return true;
        }
        if (n >= 3 && b[s] == '<' && b[e - 1] == '>') {
            for (int i = s + 1; i < e - 1; i++) {
                if ((b[i] < '0' || b[i] > '9') && b[i] != '.') {
                    return false;
                }
            }
            return true;
        }
        return isFacilityLevel(b, s, e);
    }

    /** Whether {@code b[s, e)} is a syslog {@code facility.level} word such as {@code auth.info}. */
    static boolean isFacilityLevel(byte[] b, int s, int e) {
        int dot = LineBytes.indexOf(b, s, e, (byte) '.');
        return dot >= 0 && oneOf(b, s, dot, FACILITIES) && oneOf(b, dot + 1, e, LEVELS);
    }

    private static boolean isMonth(byte[] b, int s) {
        for (int m = 0; m < MONTHS.length(); m += 3) {
            if (b[s] == MONTHS.charAt(m) && b[s + 1] == MONTHS.charAt(m + 1) && b[s + 2] == MONTHS.charAt(m + 2)) {
                return true;
            }
        }
        return false;
    }

    private static boolean oneOf(byte[] b, int s, int e, byte[][] words) {
        for (byte[] w : words) {
            if (LineBytes.contentEquals(b, s, e, w)) {
                return true;
            }
        }
        return false;
    }

    private static boolean digits(byte[] b, int s, int e) {
        return e > s && LineBytes.skipDigits(b, s, e) == e;
    }

    /** The words' bytes, made once: a header word is compared on every untagged line. */
    private static byte[][] ascii(String... words) {
        byte[][] out = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = LineBytes.ascii(words[i]);
        }
        return out;
    }
}
