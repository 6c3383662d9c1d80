package dev.warden.core.plugin;

import dev.warden.core.spi.Filter;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.OptionType;
import dev.warden.core.spi.PluginConfigException;
import dev.warden.core.spi.PluginContext;
import dev.warden.core.spi.PluginOptions;

import java.util.List;

/**
 * Test filter "regex": a required STRING ({@code tag}), a required STRING_LIST ({@code fail}), an INTEGER
 * and a BOOLEAN with defaults, a STRING_MAP ({@code names}). {@link #create} rejects a {@code fail} entry containing "((".
 */
public class RegexTestFilter implements FilterFactory {

    @Override
    public String id() {
        return "regex";
    }

    @Override
    public String description() {
        return "test stand-in for a regex filter";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.required("tag", OptionType.STRING, "program name to look at"),
                OptionSpec.required("fail", OptionType.STRING_LIST, "failure patterns"),
                OptionSpec.optional("max-lines", OptionType.INTEGER, "1", "lines per match"),
                OptionSpec.optional("ignore-case", OptionType.BOOLEAN, "false", "match case-insensitively"),
                OptionSpec.optional("weight", OptionType.DECIMAL, "1.0", "failure weight"),
                OptionSpec.optional("names", OptionType.STRING_MAP, null, "named pieces"));
    }

    @Override
    public Filter create(PluginOptions options, PluginContext context) throws PluginConfigException {
        List<String> fail = options.strings("fail");
        for (int i = 0; i < fail.size(); i++) {
            if (fail.get(i).contains("((")) {
                throw new PluginConfigException("fail[" + i + "]", "unbalanced parenthesis");
            }
        }
        return (line, sink) -> { };
    }
}
