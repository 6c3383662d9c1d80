package dev.warden.filters.regex;

import com.google.re2j.Matcher;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.OptionType;
import dev.warden.core.spi.PluginConfigException;
import dev.warden.core.spi.PluginContext;
import dev.warden.core.spi.PluginOptions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code regex} filter type: a filter defined entirely in YAML, for daemons no built-in filter covers.
 * RE2 fail patterns with one {@code <ADDR>} (alias {@code <HOST>}, never a DNS lookup), optional ignore
 * patterns, an optional program tag. See {@link RegexFilter} and {@code docs/regex-filter.md}.
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

    private static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.required(FAIL, OptionType.STRING_LIST,
                    "RE2 patterns, each with exactly one <ADDR> (or <HOST>) where the address is;"
                    + " the first that matches wins"),
            OptionSpec.optional(IGNORE, OptionType.STRING_LIST, null,
                    "RE2 patterns searched anywhere in a matched message; a hit discards the failure"),
            OptionSpec.optional(TAG, OptionType.STRING, null,
                    "only lines whose syslog program name is exactly this (dovecot in dovecot[42]:);"
                    + " unset: every line"),
            OptionSpec.optional(KIND, OptionType.STRING, ID, "the failure kind reported"),
            OptionSpec.optional(ANCHOR, OptionType.BOOLEAN, "true",
                    "true: fail patterns match from the start of the message (like ^, without $); false: anywhere"));

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
        List<FailPattern> fails = failPatterns(options.strings(FAIL), options.bool(ANCHOR));
        List<Matcher> ignores = new ArrayList<>();
        List<String> ignoreSources = options.strings(IGNORE);
        for (int i = 0; i < ignoreSources.size(); i++) {
            ignores.add(PatternCompiler.ignore(ignoreSources.get(i), IGNORE + "[" + i + "]").matcher(""));
        }
        byte[] tag = null;
        if (options.optionalString(TAG).isPresent()) {
            String name = nonBlank(options.string(TAG), TAG, "leave tag out to read every line");
            tag = name.getBytes(StandardCharsets.UTF_8);
        }
        String kind = nonBlank(options.string(KIND), KIND, "it names the failures in reports");
        return new RegexFilter(tag, kind, fails, ignores);
    }

    private static List<FailPattern> failPatterns(List<String> sources, boolean anchor) throws PluginConfigException {
        if (sources.isEmpty()) {
            throw new PluginConfigException(FAIL, "needs at least one pattern");
        }
        List<FailPattern> fails = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            String option = FAIL + "[" + i + "]";
            Integer first = seen.putIfAbsent(sources.get(i), i);
            if (first != null) {
                throw new PluginConfigException(option, "repeats fail[" + first + "]");
            }
            fails.add(PatternCompiler.fail(sources.get(i), option, anchor));
        }
        return fails;
    }

    private static String nonBlank(String value, String option, String why) throws PluginConfigException {
        if (value.isBlank()) {
            throw new PluginConfigException(option, "must not be empty: " + why);
        }
        return value;
    }
}
