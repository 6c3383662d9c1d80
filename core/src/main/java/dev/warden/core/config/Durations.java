package dev.warden.core.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Durations as operators write them: {@code 90s}, {@code 10m}, {@code 1h}, {@code 5d}, {@code 1w},
 * combinations such as {@code 1h30m}, or a bare number of seconds.
 */
public final class Durations {

    private Durations() {
    }

    /** Parses a duration; empty when the text is not one (or is negative or absurdly large). */
    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.trim();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        long seconds = 0;
        int i = 0;
        int n = s.length();
        while (i < n) {
            int start = i;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 12) {
                return Optional.empty();
            }
            long value = Long.parseLong(s.substring(start, i));
            long unit;
            if (i == n) {
                if (start != 0) {
                    return Optional.empty(); // "1h30" is ambiguous
                }
                unit = 1;
            } else {
                unit = switch (s.charAt(i)) {
                    case 's' -> 1;
                    case 'm' -> 60;
                    case 'h' -> 3600;
                    case 'd' -> 86_400;
                    case 'w' -> 604_800;
                    default -> -1;
                };
                if (unit < 0) {
                    return Optional.empty();
                }
                i++;
            }
            seconds += value * unit;
            if (seconds > 100L * 365 * 86_400) {
                return Optional.empty();
            }
        }
        return Optional.of(Duration.ofSeconds(seconds));
    }

    /** Formats a duration the way {@link #parse} reads it, largest units first ({@code 1d12h}). */
    public static String format(Duration d) {
        long s = d.getSeconds();
        if (s == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long[] units = {604_800, 86_400, 3600, 60, 1};
        String[] names = {"w", "d", "h", "m", "s"};
        for (int k = 0; k < units.length; k++) {
            if (s >= units[k]) {
                sb.append(s / units[k]).append(names[k]);
                s %= units[k];
            }
        }
        return sb.toString();
    }
}
