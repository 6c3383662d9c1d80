package dev.warden.filters.regex;

import dev.warden.core.spi.PluginConfigException;
import dev.warden.filters.regex.Token.Kind;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a pattern as written into {@link Token}s and refuses, with an operator-readable message, the
 * Perl/PCRE constructs RE2 does not have (lookaround, backreferences, atomic groups, possessive
 * quantifiers, conditionals, comments). Everything else it passes through for re2j to judge. Stateless.
 */
final class PatternScanner {

    static final String RE2_ONLY = "patterns are RE2 (re2j): no lookahead or lookbehind, no backreferences;"
            + " match the text itself instead";

    private final String pattern;
    private final String option;
    private final List<Token> tokens = new ArrayList<>();
    private int i;

    private PatternScanner(String pattern, String option) {
        this.pattern = pattern;
        this.option = option;
    }

    /** The tokens of {@code pattern}; {@code option} names it in errors ({@code "fail[1]"}). */
    static List<Token> scan(String pattern, String option) throws PluginConfigException {
        PatternScanner s = new PatternScanner(pattern, option);
        while (s.i < pattern.length()) {
            s.next();
        }
        return List.copyOf(s.tokens);
    }

    private void next() throws PluginConfigException {
        int c = pattern.codePointAt(i);
        int from = i;
        switch (c) {
            case '\\' -> escape();
            case '[' -> add(Kind.OTHER, from, classEnd(from), 0);
            case '(' -> open();
            case ')' -> add(Kind.CLOSE, from, i + 1, 0);
            case '|' -> add(Kind.ALTERNATION, from, i + 1, 0);
            case '^' -> add(Kind.START, from, i + 1, 0);
            case '$' -> add(Kind.END, from, i + 1, 0);
            case '.' -> add(Kind.OTHER, from, i + 1, 0);
            case '*', '?' -> quantifier(from, i + 1, 0);
            case '+' -> quantifier(from, i + 1, 1);
            case '{' -> repeat();
            case '<' -> placeholderOrLiteral();
            default -> add(Kind.LITERAL, from, i + Character.charCount(c), c);
        }
    }

    private void add(Kind kind, int from, int to, int value) {
        tokens.add(new Token(kind, from, to, value));
        i = to;
    }

    private void escape() throws PluginConfigException {
        if (i + 1 >= pattern.length()) {
            throw error("ends with a lone backslash");
        }
        char n = pattern.charAt(i + 1);
        if (n >= '1' && n <= '9' || n == 'k' && i + 2 < pattern.length() && "<'{".indexOf(pattern.charAt(i + 2)) >= 0) {
            throw error("backreference '" + pattern.substring(i, Math.min(i + 3, pattern.length()))
                    + "' is not supported: " + RE2_ONLY);
        }
        int end = switch (n) {
            case 'Q' -> {
                int e = pattern.indexOf("\\E", i + 2);
                yield e < 0 ? pattern.length() : e + 2;
            }
            case 'p', 'P', 'x' -> braced(i + 2, n == 'x' ? 2 : 1);
            default -> i + 2;
        };
        if ("bBAz".indexOf(n) >= 0) {
            add(Kind.ASSERTION, i, end, 0);
        } else if (n < 0x80 && !Character.isLetterOrDigit(n)) {
            add(Kind.LITERAL, i, end, n);
        } else {
            add(Kind.OTHER, i, end, 0);
        }
    }

    /** End of {@code \p{Greek}} / {@code \x{41}} (braced) or of {@code width} plain chars after {@code from}. */
    private int braced(int from, int width) {
        if (from < pattern.length() && pattern.charAt(from) == '{') {
            int close = pattern.indexOf('}', from);
            return close < 0 ? pattern.length() : close + 1;
        }
        return Math.min(from + width, pattern.length());
    }

    /** Offset just past the character class starting at {@code at}; ']' first in the class is literal. */
    private int classEnd(int at) {
        int j = at + 1;
        if (j < pattern.length() && pattern.charAt(j) == '^') {
            j++;
        }
        if (j < pattern.length() && pattern.charAt(j) == ']') {
            j++;
        }
        while (j < pattern.length()) {
            char ch = pattern.charAt(j);
            if (ch == '\\') {
                j += 2;
            } else if (posixClassEnd(j) > 0) {
                j = posixClassEnd(j);
            } else if (ch == ']') {
                return j + 1;
            } else {
                j++;
            }
        }
        return pattern.length();
    }

    /** Offset just past {@code [:alpha:]} (or {@code [:^alpha:]}) at {@code at}, or -1. */
    private int posixClassEnd(int at) {
        if (!pattern.startsWith("[:", at)) {
            return -1;
        }
        int j = at + 2;
        if (j < pattern.length() && pattern.charAt(j) == '^') {
            j++;
        }
        int name = j;
        while (j < pattern.length() && pattern.charAt(j) >= 'a' && pattern.charAt(j) <= 'z') {
            j++;
        }
        return j > name && pattern.startsWith(":]", j) ? j + 2 : -1;
    }

    private void open() throws PluginConfigException {
        if (!pattern.startsWith("(?", i)) {
            add(Kind.OPEN, i, i + 1, 0);
            return;
        }
        String rest = pattern.substring(i + 2);
        if (rest.startsWith("=") || rest.startsWith("!")) {
            throw error("lookahead '" + pattern.substring(i, i + 3) + "…)' is not supported: " + RE2_ONLY);
        }
        if (rest.startsWith("<=") || rest.startsWith("<!")) {
            throw error("lookbehind '" + pattern.substring(i, i + 4) + "…)' is not supported: " + RE2_ONLY);
        }
        if (rest.startsWith(">") || rest.startsWith("(") || rest.startsWith("#")
                || rest.startsWith("P=") || rest.startsWith("P>")) {
            throw error("'" + pattern.substring(i, i + 3) + "…)' is not supported: " + RE2_ONLY);
        }
        if (rest.startsWith("P<") || rest.startsWith("<")) {
            int close = pattern.indexOf('>', i);
            add(Kind.OPEN, i, close < 0 ? pattern.length() : close + 1, 0);
            return;
        }
        int j = i + 2;
        while (j < pattern.length() && (Character.isLetter(pattern.charAt(j)) || pattern.charAt(j) == '-')) {
            j++;
        }
        int insensitive = pattern.substring(i + 2, j).indexOf('i') >= 0 ? 1 : 0;
        if (j < pattern.length() && pattern.charAt(j) == ')') {
            add(Kind.FLAGS, i, j + 1, insensitive);
        } else {
            add(Kind.OPEN, i, Math.min(j + 1, pattern.length()), 0);
        }
    }

    private void quantifier(int from, int to, int min) throws PluginConfigException {
        if (to < pattern.length() && pattern.charAt(to) == '+') {
            throw error("possessive quantifier '" + pattern.substring(from, to + 1) + "' is not supported: " + RE2_ONLY);
        }
        if (!tokens.isEmpty() && tokens.get(tokens.size() - 1).is(Kind.PLACEHOLDER)) {
            throw error("an address placeholder cannot be repeated or made optional ("
                    + pattern.substring(tokens.get(tokens.size() - 1).start(), to) + ")");
        }
        int end = to < pattern.length() && pattern.charAt(to) == '?' ? to + 1 : to;
        add(Kind.QUANTIFIER, from, end, min);
    }

    /** {@code {n}}, {@code {n,}}, {@code {n,m}} are repeats; any other '{' is left to re2j as OTHER. */
    private void repeat() throws PluginConfigException {
        int j = i + 1;
        int digits = j;
        while (j < pattern.length() && Character.isDigit(pattern.charAt(j))) {
            j++;
        }
        if (j == digits || j >= pattern.length()) {
            add(Kind.OTHER, i, i + 1, 0);
            return;
        }
        int min = j - digits > 9 ? Integer.MAX_VALUE : Integer.parseInt(pattern.substring(digits, j));
        if (pattern.charAt(j) == ',') {
            j++;
            while (j < pattern.length() && Character.isDigit(pattern.charAt(j))) {
                j++;
            }
        }
        if (j < pattern.length() && pattern.charAt(j) == '}') {
            quantifier(i, j + 1, min);
        } else {
            add(Kind.OTHER, i, i + 1, 0);
        }
    }

    private void placeholderOrLiteral() {
        for (String name : RegexFilterFactory.PLACEHOLDERS) {
            if (pattern.startsWith(name, i)) {
                add(Kind.PLACEHOLDER, i, i + name.length(), 0);
                return;
            }
        }
        add(Kind.LITERAL, i, i + 1, '<');
    }

    private PluginConfigException error(String message) {
        return new PluginConfigException(option, message);
    }
}
