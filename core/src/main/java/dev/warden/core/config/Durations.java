package dev.warden.core.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Durations as operators write them: {@code 90s}, {@code 10m}, {@code 1h}, {@code 5d}, {@code 1w},
 * combinations such as {@code 1h30m}, milliseconds ({@code 250ms}), or a bare number of seconds.
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
        long millis = 0;
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
                unit = 1000;
            } else if (s.startsWith("ms", i)) {
                unit = 1;
                i += 2;
            } else {
                unit = switch (s.charAt(i)) {
                    case 's' -> 1000;
                    case 'm' -> 60_000;
                    case 'h' -> 3_600_000;
                    case 'd' -> 86_400_000;
                    case 'w' -> 604_800_000;
                    default -> -1;
                };
                if (unit < 0) {
                    return Optional.empty();
                }
                i++;
            }
            millis += value * unit;
            if (millis > 100L * 365 * 86_400_000) {
                return Optional.empty();
            }
        }
        return Optional.of(Duration.ofMillis(millis));
    }

    /** Formats a duration the way {@link #parse} reads it, largest units first ({@code 1d12h}). */
    public static String format(Duration d) {
        long s = d.getSeconds();
        int ms = d.toMillisPart();
        if (s == 0) {
            return ms == 0 ? "0s" : ms + "ms";
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
        if (ms != 0) {
            sb.append(ms).append("ms");
        }
        return sb.toString();
    }
}
