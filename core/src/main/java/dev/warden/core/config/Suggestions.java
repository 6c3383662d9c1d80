package dev.warden.core.config;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * "Did you mean" hints. A word matches a candidate when they are the same but for case, dashes,
 * underscores and a plural ending ({@code maxretry}, {@code max_retries} → {@code max-retry}), when it is
 * one of fail2ban's names for the key ({@code logpath} → {@code logs}, {@code ignoreip} → {@code ignore}),
 * or when it is within a small edit distance (a transposition counts once) that grows with its length: one
 * edit for words of up to seven letters, two beyond (so {@code bogus} is not taken for {@code logs}).
 * Stateless.
 */
public final class Suggestions {

    /** fail2ban's jail.conf names, normalized, with the name Warden uses for the same setting. */
    private static final Map<String, String> FAIL2BAN = Map.of(
            "logpath", "logs", "ignoreip", "ignore", "ignorecommand", "ignore-files", "ignoreself", "ignore-self",
            "bantimeincrement", "ban-time-increment", "bantimemaxtime", "ban-time-increment",
            "bantimefactor", "ban-time-increment", "action", "actions", "banaction", "actions");

    private Suggestions() {
    }

    /** The candidate closest to {@code word} (first one on ties), if any is close enough (see the class). */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String w = normalize(word);
        String alias = FAIL2BAN.get(w);
        for (String c : candidates) {
            if (normalize(c).equals(w) || c.equals(alias)) {
                return Optional.of(c);
            }
        }
        int allowed = word.length() <= 7 ? 1 : 2;
        String best = null;
        int bestDistance = allowed + 1;
        for (String c : candidates) {
            int d = distance(word, c, allowed);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code "; did you mean \"x\"?"} or the empty string. */
    public static String hint(String word, Collection<String> candidates) {
        return closest(word, candidates).map(c -> "; did you mean \"" + c + "\"?").orElse("");
    }

    /** Lower case, without {@code -} and {@code _}, singular ({@code ies} → {@code y}, a last {@code s} dropped). */
    static String normalize(String word) {
        StringBuilder b = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c != '-' && c != '_') {
                b.append(Character.toLowerCase(c));
            }
        }
        String s = b.toString();
        if (s.endsWith("ies") && s.length() > 4) {
            return s.substring(0, s.length() - 3) + "y";
        }
        return s.endsWith("s") && s.length() > 3 ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * Optimal string alignment distance (Levenshtein plus adjacent transpositions), giving up (returning a
     * large value) once it must exceed {@code max}.
     */
    static int distance(String a, String b, int max) {
        if (Math.abs(a.length() - b.length()) > max) {
            return Integer.MAX_VALUE;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
