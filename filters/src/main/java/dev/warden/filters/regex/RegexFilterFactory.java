package dev.warden.filters.regex;

import com.google.re2j.Matcher;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.OptionType;
import dev.warden.core.spi.PluginConfigException;
import dev.warden.core.spi.PluginContext;
import dev.warden.core.spi.PluginOptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code regex} filter type: a filter defined entirely in YAML, for daemons no built-in filter covers,
 * and what the named filters of the filter library ({@code warden-filters/*.yaml}) are made of.
 * RE2 fail patterns with one {@code <ADDR>} (alias {@code <HOST>}, never a DNS lookup), an optional shared
 * prefix, named pieces, optional ignore patterns, optional program tags. See {@link RegexFilter} and
 * {@code docs/regex-filter.md}.
 * Stateless; each {@link #create} compiles the patterns into a new filter.
 */
public final class RegexFilterFactory implements FilterFactory {

    /** The type name operators write: {@code type: regex}. */
    public static final String ID = "regex";

    /** The address placeholders, both expanding to the same literal-address sub-pattern. */
    static final List<String> PLACEHOLDERS = List.of("<ADDR>", "<HOST>");

    static final String FAIL = "fail";
    static final String IGNORE = "ignore";
    static final String TAG = "tag";
    static final String KIND = "kind";
    static final String ANCHOR = "anchor";
    static final String PREFIX = "prefix";
    static final String MATCH = "match";

    private static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.required(FAIL, OptionType.STRING_LIST,
                    "RE2 patterns, each with exactly one <ADDR> (or <HOST>) where the address is (or none when the"
                    + " prefix has it); the first that matches wins; one may open with %{kind:NAME}"),
            OptionSpec.optional(IGNORE, OptionType.STRING_LIST, null,
                    "RE2 patterns searched anywhere in a matched message; a hit discards the failure"),
            OptionSpec.optional(TAG, OptionType.STRING_LIST, null,
                    "only lines whose syslog program name is one of these: exact names (dovecot, postfix/smtpd), or"
                    + " RE2 patterns the whole name matches (any entry with one of " + TagMatcher.REGEX_CHARS
                    + "); unset: every line"),
            OptionSpec.optional(PREFIX, OptionType.STRING, null,
                    "an RE2 pattern every fail pattern continues (like fail2ban's prefregex); it may hold the <ADDR>"),
            OptionSpec.optional(Pieces.OPTION, OptionType.STRING_MAP, null,
                    "named RE2 pieces, written %{name} in prefix, fail, ignore and other pieces"),
            OptionSpec.choice(MATCH, "message", "message: patterns see the message after the syslog header;"
                    + " line: the whole line (for daemons that write data where the program name is)",
                    "message", "line"),
            OptionSpec.optional(KIND, OptionType.STRING, ID,
                    "the failure kind reported (unless a pattern names its own)"),
            OptionSpec.optional(ANCHOR, OptionType.BOOLEAN, "true",
                    "true: fail patterns (after the prefix) match from the start of the message (like ^, without $);"
                    + " false: anywhere"));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "failures described in YAML: RE2 patterns with <ADDR>, optional program tag and ignore patterns";
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    @Override
    public Filter create(PluginOptions options, PluginContext context) throws PluginConfigException {
        Pieces pieces = Pieces.of(options.stringMap(Pieces.OPTION));
        boolean anchor = options.bool(ANCHOR);
        String kind = nonBlank(options.string(KIND), KIND, "it names the failures in reports");
        String prefix = null;
        Matcher prefixAlone = null;
        if (options.optionalString(PREFIX).isPresent()) {
            prefix = pieces.expand(nonBlank(options.string(PREFIX), PREFIX, "leave prefix out for none"), PREFIX);
            // matched with lookingAt for explanations: unanchored, it may start anywhere
            prefixAlone = PatternCompiler.prefix(anchor ? prefix : "(?s).*?(?:" + prefix + ")", PREFIX).matcher("");
        }
        List<String> sources = options.strings(FAIL);
        if (sources.isEmpty()) {
            throw new PluginConfigException(FAIL, "needs at least one pattern");
        }
        List<FailPattern> fails = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            String option = FAIL + "[" + i + "]";
            String written = sources.get(i);
            Integer first = seen.putIfAbsent(written, i);
            if (first != null) {
                throw new PluginConfigException(option, "repeats fail[" + first + "]");
            }
            String own = Pieces.kindOf(written, option);
            kinds.add(own == null ? kind : own);
            String expanded = pieces.expand(Pieces.withoutKind(written), option);
            fails.add(PatternCompiler.fail(written, expanded, option, anchor, prefix));
        }
        List<Matcher> ignores = new ArrayList<>();
        List<String> ignoreSources = options.strings(IGNORE);
        for (int i = 0; i < ignoreSources.size(); i++) {
            String option = IGNORE + "[" + i + "]";
            ignores.add(PatternCompiler.ignore(pieces.expand(ignoreSources.get(i), option), option).matcher(""));
        }
        TagMatcher tags = TagMatcher.of(options.strings(TAG), TAG);
        return new RegexFilter(tags, "line".equals(options.string(MATCH)), kinds, fails, ignores, prefixAlone);
    }

    private static String nonBlank(String value, String option, String why) throws PluginConfigException {
        if (value.isBlank()) {
            throw new PluginConfigException(option, "must not be empty: " + why);
        }
        return value;
    }
}
