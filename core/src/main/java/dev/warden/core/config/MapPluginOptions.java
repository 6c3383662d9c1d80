package dev.warden.core.config;

import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.OptionType;
import dev.warden.core.spi.PluginOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * {@link PluginOptions} over plain values (String, Number, Boolean, List of String) that were already
 * checked against the declared {@link OptionSpec}s by the config loader. Immutable.
 */
public final class MapPluginOptions implements PluginOptions {

    private final Map<String, OptionSpec> specs = new LinkedHashMap<>();
    private final Map<String, Object> values;

    /**
     * @param specs the declared options
     * @param values the operator's values by option name, already type-checked
     */
    public MapPluginOptions(List<OptionSpec> specs, Map<String, ?> values) {
        for (OptionSpec spec : specs) {
            this.specs.put(spec.name(), spec);
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, v instanceof List<?> l ? List.copyOf(l)
                : v instanceof Map<?, ?> m ? Collections.unmodifiableMap(new LinkedHashMap<>(m)) : v));
        this.values = Map.copyOf(copy);
    }

    /**
     * Every declared option's value, or its default, as text (lists as {@code [a, b]}); options with
     * neither are left out. Two plugin instances with equal settings act on the same thing (one pf table).
     */
    public Map<String, String> effective() {
        Map<String, String> out = new LinkedHashMap<>();
        for (OptionSpec spec : specs.values()) {
            Object v = values.get(spec.name());
            if (v == null) {
                v = spec.defaultValue();
            }
            if (v != null) {
                out.put(spec.name(), String.valueOf(v));
            }
        }
        return out;
    }

    private OptionSpec spec(String name) {
        OptionSpec spec = specs.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("option '" + name + "' is not declared");
        }
        return spec;
    }

    private Object raw(String name) {
        OptionSpec spec = spec(name);
        Object v = values.get(name);
        if (v != null) {
            return v;
        }
        if (spec.defaultValue() == null) {
            throw new NoSuchElementException("option '" + name + "' is not set and has no default");
        }
        return spec.defaultValue();
    }

    @Override
    public boolean isSet(String name) {
        spec(name);
        return values.containsKey(name);
    }

    @Override
    public Optional<String> optionalString(String name) {
        OptionSpec spec = spec(name);
        Object v = values.get(name);
        if (v == null) {
            return Optional.ofNullable(spec.defaultValue());
        }
        return Optional.of(String.valueOf(v));
    }

    @Override
    public String string(String name) {
        return String.valueOf(raw(name));
    }

    @Override
    public long integer(String name) {
        Object v = raw(name);
        return v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim());
    }

    @Override
    public double decimal(String name) {
        Object v = raw(name);
        return v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
    }

    @Override
    public boolean bool(String name) {
        Object v = raw(name);
        return v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString().trim());
    }

    @Override
    public Duration duration(String name) {
        Object v = raw(name);
        return Durations.parse(v.toString())
                .orElseThrow(() -> new IllegalStateException("option '" + name + "' is not a duration: " + v));
    }

    @Override
    public Path path(String name) {
        return Path.of(raw(name).toString());
    }

    @Override
    public List<String> strings(String name) {
        OptionSpec spec = spec(name);
        Object v = values.get(name);
        if (v == null) {
            v = spec.defaultValue();
        }
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            List<String> out = new ArrayList<>(l.size());
            l.forEach(e -> out.add(String.valueOf(e)));
            return List.copyOf(out);
        }
        return List.of(v.toString());
    }

    @Override
    public Map<String, String> stringMap(String name) {
        spec(name);
        Object v = values.get(name);
        if (!(v instanceof Map<?, ?> m)) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(String.valueOf(k), String.valueOf(x)));
        return Collections.unmodifiableMap(out);
    }

    /** Checks a raw value against a spec's type; returns an error message or null when it fits. */
    public static String typeError(OptionSpec spec, Object value) {
        OptionType t = spec.type();
        String s = value instanceof List<?> ? null : String.valueOf(value);
        return switch (t) {
            case STRING, PATH, PROGRAM -> value instanceof List<?> || value instanceof Map<?, ?> ? "expected a string" : null;
            case INTEGER -> s != null && s.trim().matches("-?\\d{1,18}") ? null : "expected a whole number";
            case DECIMAL -> s != null && s.trim().matches("-?\\d+(\\.\\d+)?") ? null : "expected a number";
            case BOOLEAN -> value instanceof Boolean || "true".equals(s) || "false".equals(s)
                    ? null : "expected true or false";
            case DURATION -> s != null && Durations.parse(s).isPresent()
                    ? null : "expected a duration such as 90s, 10m, 1h, 5d or 1w";
            case STRING_LIST -> value instanceof Map<?, ?> ? "expected a list of strings" : null;
            case STRING_MAP -> value instanceof Map<?, ?> ? null : "expected a map of names to strings";
            case CHOICE -> s != null && spec.choices().contains(s)
                    ? null : "expected one of " + String.join(", ", spec.choices());
        };
    }
}
