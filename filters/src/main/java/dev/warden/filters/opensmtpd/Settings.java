package dev.warden.filters.opensmtpd;

import java.util.Arrays;

/**
 * What one filter instance reports: the selected {@link Kind}s and the reply codes that make a
 * {@code failed-command} a {@code bad-command}, plus the session table's bounds. Immutable once built.
 */
final class Settings {

    private final int kinds;
    private final boolean[] badCodes = new boolean[100]; // index: code - 500
    private final int maxSessions;
    private final long idleMillis;

    /**
     * @param kinds a {@link Kind#mask} of the kinds to report
     * @param badCodes the 5xx codes counted as {@code bad-command} (500 to 599)
     */
    Settings(int kinds, int[] badCodes, int maxSessions, long idleMillis) {
        this.kinds = kinds;
        for (int code : badCodes) {
            if (code < 500 || code > 599) {
                throw new IllegalArgumentException("not a 5xx code: " + code);
            }
            this.badCodes[code - 500] = true;
        }
        this.maxSessions = maxSessions;
        this.idleMillis = idleMillis;
    }

    /** The defaults: {@code auth} only. */
    static Settings defaults(int maxSessions, long idleMillis) {
        return new Settings(Kind.AUTH.bit(), new int[] {500, 501, 502, 503, 504}, maxSessions, idleMillis);
    }

    boolean reports(Kind kind) {
        return kind.in(kinds);
    }

    int kinds() {
        return kinds;
    }

    /** Whether a {@code failed-command} with this reply code (any number) is a {@code bad-command}. */
    boolean isBadCode(int code) {
        return code >= 500 && code <= 599 && badCodes[code - 500];
    }

    int maxSessions() {
        return maxSessions;
    }

    long idleMillis() {
        return idleMillis;
    }

    @Override
    public String toString() {
        StringBuilder codes = new StringBuilder();
        for (int i = 0; i < badCodes.length; i++) {
            if (badCodes[i]) {
                codes.append(codes.length() == 0 ? "" : ",").append(500 + i);
            }
        }
        return "Settings[kinds=" + Arrays.stream(Kind.values()).filter(this::reports).map(k -> k.id).toList()
                + ", bad-command-codes=" + codes + ", max-sessions=" + maxSessions + ", idle=" + idleMillis + "ms]";
    }
}
