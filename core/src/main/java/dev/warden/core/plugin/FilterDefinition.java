package dev.warden.core.plugin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.warden.core.config.MapPluginOptions;
import dev.warden.core.spi.CommandRunner;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.PluginConfigException;
import dev.warden.core.spi.PluginContext;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One named filter definition read and checked ({@link FilterLibrary}'s format): its name, its keys
 * ({@code description}, {@code type}, {@code options}), each option's name and type against the filter it is
 * made of, and a trial {@code create}, so that a pattern that does not compile is found at load, not in a jail.
 * Stateless.
 */
final class FilterDefinition {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> KEYS = List.of("description", "type", "options");

    private FilterDefinition() {
    }

    /**
     * The named filter {@code name} that {@code bytes} define, made of one of {@code known}; every problem is
     * added to {@code issues} (the result is then not to be used, and may be null).
     */
    static NamedFilterFactory parse(String name, byte[] bytes, Map<String, FilterFactory> known,
                                            List<String> issues) {
        if (!NAME.matcher(name).matches()) {
            issues.add("a filter name is lower-case letters, digits and '-', starting with a letter or digit");
            return null;
        }
        Map<?, ?> doc;
        try {
            Object read = YAML.readValue(bytes, Object.class);
            if (!(read instanceof Map<?, ?> m)) {
                issues.add("expected a map with description, type and options");
                return null;
            }
            doc = m;
        } catch (JsonProcessingException e) {
            issues.add("not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
            return null;
        } catch (IOException e) {
            issues.add(e.toString());
            return null;
        }
        doc.keySet().stream().filter(k -> !KEYS.contains(String.valueOf(k)))
                .forEach(k -> issues.add("unknown key \"" + k + "\" (keys: " + String.join(", ", KEYS) + ")"));
        String type = doc.get("type") instanceof String t ? t : null;
        String description = doc.get("description") instanceof String d ? d : null;
        if (type == null || description == null) {
            issues.add("needs \"type\" (the filter it is made of) and \"description\" (one line)");
            return null;
        }
        FilterFactory base = known.get(type);
        if (base == null) {
            issues.add("type \"" + type + "\" is no known filter (known: " + String.join(", ", known.keySet()) + ")");
            return null;
        }
        Object rawOptions = doc.get("options");
        if (rawOptions != null && !(rawOptions instanceof Map<?, ?>)) {
            issues.add("\"options\" must be a map of " + type + "'s options");
            return null;
        }
        Map<?, ?> raw = rawOptions == null ? Map.of() : (Map<?, ?>) rawOptions;
        Map<String, Object> values = options(type, base, raw, issues);
        NamedFilterFactory f = new NamedFilterFactory(name, description, base, values);
        if (issues.isEmpty()) {
            tryCreate(f, issues);
        }
        return f;
    }

    /** The definition's option values, type-checked against {@code base}'s declared options. */
    private static Map<String, Object> options(String type, FilterFactory base, Map<?, ?> raw, List<String> issues) {
        Map<String, OptionSpec> specs = new LinkedHashMap<>();
        base.options().forEach(s -> specs.put(s.name(), s));
        Map<String, Object> values = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            OptionSpec spec = specs.get(String.valueOf(k));
            if (spec == null) {
                issues.add("options." + k + ": unknown option of " + type + " (options: "
                        + String.join(", ", specs.keySet()) + ")");
                return;
            }
            Object value = v instanceof List<?> l ? l.stream().map(String::valueOf).toList() : v;
            String error = value == null ? "expected a value" : MapPluginOptions.typeError(spec, value);
            if (error != null) {
                issues.add("options." + k + ": " + error);
            } else {
                values.put(spec.name(), value);
            }
        });
        return values;
    }

    /** Creates the filter once, so that a pattern that does not compile is found at load, not in a jail. */
    private static void tryCreate(NamedFilterFactory f, List<String> issues) {
        for (OptionSpec s : f.options()) {
            if (s.required()) {
                issues.add("options." + s.name() + ": required by " + f.base().id() + " and not set");
            }
        }
        if (!issues.isEmpty()) {
            return;
        }
        try {
            f.create(new MapPluginOptions(f.options(), Map.of()), CHECK);
        } catch (PluginConfigException e) {
            issues.add("options." + e.option() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            issues.add("the " + f.base().id() + " filter failed on it: " + e);
        }
    }

    /** The context of the trial {@code create}: no jail, a fixed clock, no command may run. */
    private static final PluginContext CHECK = new PluginContext() {
        @Override
        public String jailName() {
            return "(filter library check)";
        }

        @Override
        public Clock clock() {
            return Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        }

        @Override
        public CommandRunner commandRunner() {
            return (argv, stdin, timeout) -> {
                throw new IllegalStateException("a filter definition check runs no command");
            };
        }

        @Override
        public String nodeName() {
            return "localhost";
        }
    };
}
