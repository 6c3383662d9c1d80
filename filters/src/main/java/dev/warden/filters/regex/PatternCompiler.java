package dev.warden.filters.regex;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.warden.core.spi.PluginConfigException;
import dev.warden.filters.regex.Token.Kind;

import java.util.List;

/**
 * Turns the operator's patterns into compiled ones: scans them ({@link PatternScanner}), checks the
 * placeholders, expands {@code <ADDR>}/{@code <HOST>}, compiles with re2j and reports every refusal as a
 * {@link PluginConfigException} on the pattern's own option path ({@code fail[1]}, {@code ignore[0]}).
 * Stateless.
 */
final class PatternCompiler {

    private PatternCompiler() {
    }

    /**
     * A fail pattern: exactly one placeholder, not repeated.
     *
     * @param anchor whether it is matched from the message start ({@code anchor: true})
     */
    static FailPattern fail(String source, String option, boolean anchor) throws PluginConfigException {
        return fail(source, source, option, anchor, null);
    }

    /**
     * A fail pattern as written ({@code written}, for reports) and with its pieces expanded ({@code source}),
     * placed right after {@code prefix} (expanded; null for none): the two are one pattern, so the address may
     * be in either, exactly once. A leading {@code ^} of the fail pattern is dropped after a prefix.
     */
    static FailPattern fail(String written, String source, String option, boolean anchor, String prefix)
            throws PluginConfigException {
        String whole = source;
        String rest = source;
        if (prefix != null) {
            rest = source.startsWith("^") ? source.substring(1) : source;
            whole = group(prefix) + group(rest);
        }
        byte[] near = RequiredLiteral.of(PatternScanner.scan(rest, option), false).anywhere();
        List<Token> tokens = PatternScanner.scan(whole, option);
        int at = placeholder(tokens, whole, option);
        boolean looseStart = at == 0 ? !anchor : looseBefore(tokens.get(at - 1));
        boolean looseEnd = at == tokens.size() - 1 || looseAfter(tokens.get(at + 1));
        String capture = AddressPattern.capture(looseStart);
        Pattern pattern = compile(expand(whole, tokens, capture), option);
        return new FailPattern(written, RequiredLiteral.of(tokens, anchor), near, pattern, anchor, looseStart,
                looseEnd);
    }

    /** A prefix alone, matched from the message start (for explanations); its placeholder just matches an address. */
    static Pattern prefix(String source, String option) throws PluginConfigException {
        return ignore(source, option);
    }

    /** {@code pattern} wrapped in a group only when a top-level {@code |} would otherwise leak into its neighbour. */
    private static String group(String pattern) {
        return Pieces.topLevelAlternation(pattern) ? "(?:" + pattern + ")" : pattern;
    }

    /** An ignore pattern, searched anywhere in the message; a placeholder in it just matches an address. */
    static Pattern ignore(String source, String option) throws PluginConfigException {
        List<Token> tokens = PatternScanner.scan(source, option);
        return compile(expand(source, tokens, "(?:" + AddressPattern.BODY + ")"), option);
    }

    /** The index of the only placeholder token. */
    private static int placeholder(List<Token> tokens, String source, String option) throws PluginConfigException {
        int found = -1;
        int count = 0;
        for (int k = 0; k < tokens.size(); k++) {
            if (tokens.get(k).is(Kind.PLACEHOLDER)) {
                found = k;
                count++;
            }
        }
        if (count != 1) {
            ignore(source, option); // a syntax error is the more useful message, when there is one
        }
        if (count == 0) {
            throw new PluginConfigException(option, "'" + source + "' has no <ADDR>: a fail pattern (with its prefix)"
                    + " marks where the address is with exactly one <ADDR> (or <HOST>), e.g. 'Failed login for .* from"
                    + " <ADDR> port'");
        }
        if (count > 1) {
            throw new PluginConfigException(option, "'" + source + "' has " + count + " address placeholders;"
                    + " a fail pattern (with its prefix) needs exactly one <ADDR> or <HOST> (the address to ban)");
        }
        return found;
    }

    /** Whether the token before the placeholder leaves its start open: a repetition, group, or assertion. */
    private static boolean looseBefore(Token t) {
        return !(t.is(Kind.LITERAL) || t.is(Kind.OTHER) || t.is(Kind.START));
    }

    /** Whether the token after the placeholder leaves its end open: anything but a literal or {@code $}. */
    private static boolean looseAfter(Token t) {
        return !(t.is(Kind.LITERAL) || t.is(Kind.END));
    }

    private static String expand(String source, List<Token> tokens, String placeholder) {
        StringBuilder sb = new StringBuilder(source.length() + 512);
        for (Token t : tokens) {
            sb.append(t.is(Kind.PLACEHOLDER) ? placeholder : source.substring(t.start(), t.end()));
        }
        return sb.toString();
    }

    private static Pattern compile(String regex, String option) throws PluginConfigException {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            String fragment = e.getPattern() == null ? "" : e.getPattern();
            String where = fragment.isEmpty() ? "" : ": `" + unexpand(fragment) + "`";
            throw new PluginConfigException(option, "not a valid RE2 pattern: " + e.getDescription() + where
                    + " (RE2 syntax: https://github.com/google/re2/wiki/Syntax)");
        }
    }

    /** Puts {@code <ADDR>} back in place of its expansions in an error fragment. */
    private static String unexpand(String fragment) {
        return fragment.replace(AddressPattern.capture(true), "<ADDR>")
                .replace(AddressPattern.capture(false), "<ADDR>")
                .replace("(?:" + AddressPattern.BODY + ")", "<ADDR>");
    }
}
