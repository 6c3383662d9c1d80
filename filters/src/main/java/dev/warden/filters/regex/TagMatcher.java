package dev.warden.filters.regex;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.warden.core.spi.LogLine;
import dev.warden.core.spi.PluginConfigException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code tag} option: which program names a line may carry. Each entry is an exact name
 * ({@code dovecot}, {@code postfix/smtpd}) unless it contains one of {@value #REGEX_CHARS}; then it is an RE2
 * pattern the whole name must match ({@code postfix(-\w+)?/.+}). Exact names are byte compares; the patterns
 * run on a reused view of the name's bytes. No entries: every line. Allocation-free per line; one thread.
 */
final class TagMatcher {

    static final String REGEX_CHARS = "*+?[](){}|^$\\";

    private final byte[][] exact;
    private final Matcher pattern;
    private final ByteChars view = new ByteChars();
    private final List<String> written;

    private TagMatcher(byte[][] exact, Matcher pattern, List<String> written) {
        this.exact = exact;
        this.pattern = pattern;
        this.written = written;
    }

    /** The matcher of {@code entries} as written under {@code option}; empty: every line. */
    static TagMatcher of(List<String> entries, String option) throws PluginConfigException {
        List<byte[]> exact = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < entries.size(); i++) {
            String e = entries.get(i);
            String where = entries.size() == 1 ? option : option + "[" + i + "]";
            if (e.isBlank()) {
                throw new PluginConfigException(where, "must not be empty: leave tag out to read every line");
            }
            if (e.chars().anyMatch(c -> REGEX_CHARS.indexOf(c) >= 0)) {
                try {
                    Pattern.compile(e);
                } catch (PatternSyntaxException x) {
                    throw new PluginConfigException(where, "not a valid RE2 pattern: " + x.getDescription());
                }
                regex.append(regex.length() == 0 ? "" : "|").append("(?:").append(e).append(')');
            } else {
                exact.add(e.getBytes(StandardCharsets.UTF_8));
            }
        }
        Matcher m = regex.length() == 0 ? null : Pattern.compile(regex.toString()).matcher("");
        return new TagMatcher(exact.toArray(new byte[0][]), m, List.copyOf(entries));
    }

    /** Whether every line passes (no tag option). */
    boolean any() {
        return written.isEmpty();
    }

    /** Whether {@code line}'s program name is accepted. */
    boolean accepts(LogLine line) {
        if (written.isEmpty()) {
            return true;
        }
        for (byte[] t : exact) {
            if (line.tagIs(t)) {
                return true;
            }
        }
        return pattern != null && pattern.reset(view.reset(line.bytes(), line.tagStart(), line.tagEnd())).matches();
    }

    /** The entries as written, for explanations. */
    List<String> written() {
        return written;
    }
}
