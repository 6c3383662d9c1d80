package dev.warden.filters.regex;

import dev.warden.core.spi.PluginConfigException;
import dev.warden.filters.regex.Token.Kind;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The named pieces of a {@code regex} filter ({@code pieces: {user: '\S+'}}), written {@code %{user}} inside
 * {@code prefix}, {@code fail}, {@code ignore} and other pieces, and the {@code %{kind:NAME}} marker that may
 * open a fail pattern. {@code %{...}} cannot clash with RE2 ({@code %} is a plain character there, and
 * {@code {} only repeats after something) nor with {@code <ADDR>}. A piece is pasted as is, or as
 * {@code (?:piece)} when it has a top-level {@code |} or a repetition follows it, so that its literal text
 * still counts for {@link RequiredLiteral}. Immutable once built.
 */
final class Pieces {

    static final String OPTION = "pieces";
    private static final Pattern REFERENCE = Pattern.compile("%\\{([a-z][a-z0-9_-]*)(?::([^}]*))?}");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");
    private static final String KIND = "kind";

    private final Map<String, String> expanded = new LinkedHashMap<>();

    private Pieces() {
    }

    /** The pieces of {@code raw} (name to pattern), each expanded; refuses bad names, unknown references and cycles. */
    static Pieces of(Map<String, String> raw) throws PluginConfigException {
        Pieces p = new Pieces();
        for (String name : raw.keySet()) {
            if (!NAME.matcher(name).matches() || name.equals(KIND)) {
                throw new PluginConfigException(OPTION + "." + name, "a piece name is lower-case letters, digits,"
                        + " '_' and '-', starting with a letter, and not \"kind\"");
            }
        }
        for (String name : raw.keySet()) {
            p.resolve(name, raw, new ArrayDeque<>());
        }
        return p;
    }

    private String resolve(String name, Map<String, String> raw, Deque<String> path) throws PluginConfigException {
        String done = expanded.get(name);
        if (done != null) {
            return done;
        }
        if (path.contains(name)) {
            StringBuilder circle = new StringBuilder();
            path.descendingIterator().forEachRemaining(n -> circle.append(n).append(" -> "));
            throw new PluginConfigException(OPTION + "." + path.peekLast(), "pieces refer to each other in a circle: "
                    + circle + name);
        }
        path.push(name);
        String option = OPTION + "." + name;
        PatternScanner.scan(raw.get(name), option); // a syntax error is reported on the piece itself
        String out = expand(raw.get(name), option, n -> {
            if (!raw.containsKey(n)) {
                return null;
            }
            return resolve(n, raw, path);
        });
        path.pop();
        expanded.put(name, out);
        return out;
    }

    /** {@code source} with every {@code %{name}} replaced ({@code option} names it in errors); no kind marker. */
    String expand(String source, String option) throws PluginConfigException {
        return expand(source, option, expanded::get);
    }

    /**
     * The kind a fail pattern's leading {@code %{kind:NAME}} names, or null when it has none.
     *
     * @throws PluginConfigException when the marker is empty
     */
    static String kindOf(String source, String option) throws PluginConfigException {
        Matcher m = REFERENCE.matcher(source);
        if (!m.lookingAt() || !KIND.equals(m.group(1))) {
            return null;
        }
        String kind = m.group(2) == null ? "" : m.group(2).trim();
        if (kind.isEmpty()) {
            throw new PluginConfigException(option, "%{kind:NAME} needs a kind name, e.g. %{kind:relay}");
        }
        return kind;
    }

    /** {@code source} without its leading kind marker. */
    static String withoutKind(String source) {
        Matcher m = REFERENCE.matcher(source);
        return m.lookingAt() && KIND.equals(m.group(1)) ? source.substring(m.end()) : source;
    }

    private interface Lookup {
        String get(String name) throws PluginConfigException;
    }

    private String expand(String source, String option, Lookup lookup) throws PluginConfigException {
        Matcher m = REFERENCE.matcher(source);
        StringBuilder sb = new StringBuilder(source.length() + 64);
        int last = 0;
        while (m.find()) {
            if (KIND.equals(m.group(1))) {
                throw new PluginConfigException(option, "%{kind:...} may only open a fail pattern");
            }
            String piece = m.group(2) == null ? lookup.get(m.group(1)) : null;
            if (piece == null) {
                throw new PluginConfigException(option, "'" + m.group() + "' names no piece (pieces: "
                        + (expanded.isEmpty() ? "none" : String.join(", ", expanded.keySet())) + ")");
            }
            sb.append(source, last, m.start());
            boolean repeated = m.end() < source.length() && "*+?{".indexOf(source.charAt(m.end())) >= 0;
            sb.append(repeated || topLevelAlternation(piece) ? "(?:" + piece + ")" : piece);
            last = m.end();
        }
        return sb.append(source, last, source.length()).toString();
    }

    /** Whether {@code pattern} has a {@code |} outside every group (so pasting it bare would change its meaning). */
    static boolean topLevelAlternation(String pattern) {
        List<Token> tokens;
        try {
            tokens = PatternScanner.scan(pattern, "");
        } catch (PluginConfigException e) {
            return true; // reported where it is used
        }
        int depth = 0;
        for (Token t : tokens) {
            depth += t.is(Kind.OPEN) ? 1 : t.is(Kind.CLOSE) ? -1 : 0;
            if (depth == 0 && t.is(Kind.ALTERNATION)) {
                return true;
            }
        }
        return false;
    }
}
