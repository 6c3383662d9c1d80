package dev.warden.core.plugin;

import dev.warden.core.config.MapPluginOptions;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.PluginConfigException;
import dev.warden.core.spi.PluginContext;
import dev.warden.core.spi.PluginOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A named filter defined as data ({@code filter: postfix}): another filter type ({@code regex}) with a set of
 * its options fixed by a definition file ({@link FilterLibrary}). It takes the same options as that type, none
 * of them required any more; an option the jail writes replaces the definition's value of that option, the
 * others keep the definition's. Resolved by id from the {@link PluginCatalog} like any filter.
 * Stateless and immutable (a {@link #deferred} one reads its definition once, on first use; thread-safe).
 */
final class NamedFilterFactory implements FilterFactory {

    private final String id;
    /** Null once checked (always for one built from its parts); guarded by {@code this}. */
    private Supplier<NamedFilterFactory> unchecked;
    /** The checked definition: {@code this} for one built from its parts; guarded by {@code this}. */
    private NamedFilterFactory checked;
    private final String description;
    private final FilterFactory base;
    private final Map<String, Object> values;
    private final List<OptionSpec> options;

    /**
     * @param id the name operators write
     * @param description the definition's one line for {@code warden plugins}
     * @param base the filter it is defined with (possibly another named filter)
     * @param values the definition's option values, type-checked against {@code base}'s options
     */
    NamedFilterFactory(String id, String description, FilterFactory base, Map<String, Object> values) {
        this.id = Objects.requireNonNull(id, "id");
        this.description = Objects.requireNonNull(description, "description");
        this.base = Objects.requireNonNull(base, "base");
        this.values = Map.copyOf(values);
        List<OptionSpec> specs = new ArrayList<>();
        for (OptionSpec s : base.options()) {
            boolean defined = this.values.containsKey(s.name());
            specs.add(new OptionSpec(s.name(), s.type(), defined ? null : s.defaultValue(), s.required() && !defined,
                    s.description() + (defined ? "; this filter's value (writing the option replaces it): "
                            + yaml(this.values.get(s.name())) : ""),
                    s.choices()));
        }
        this.options = List.copyOf(specs);
        this.checked = this;
    }

    private NamedFilterFactory(String id, Supplier<NamedFilterFactory> check) {
        this.id = Objects.requireNonNull(id, "id");
        this.unchecked = Objects.requireNonNull(check, "check");
        this.description = null;
        this.base = null;
        this.values = null;
        this.options = null;
    }

    /**
     * The named filter {@code id} whose definition {@code check} reads and checks the first time anything but
     * its id is asked (one shipped with Warden, which the build has checked: most runs use one or none of them,
     * so they are not all parsed and their patterns compiled at every start). Once {@code check} has returned it is not
     * run again; while it throws (a definition that does not load), every use but {@link #id()} throws.
     */
    static NamedFilterFactory deferred(String id, Supplier<NamedFilterFactory> check) {
        return new NamedFilterFactory(id, check);
    }

    /** The checked definition, reading it first if it is deferred. */
    private synchronized NamedFilterFactory checked() {
        if (checked == null) {
            NamedFilterFactory read = unchecked.get();
            checked = read;
            unchecked = null;
        }
        return checked;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String description() {
        return checked().description;
    }

    @Override
    public List<OptionSpec> options() {
        return checked().options;
    }

    /** The Java filter type at the bottom of the definition chain: where its sample logs ship. */
    FilterFactory root() {
        FilterFactory base = base();
        return base instanceof NamedFilterFactory n ? n.root() : base;
    }

    /** The filter type it is defined with. */
    FilterFactory base() {
        return checked().base;
    }

    @Override
    public Filter create(PluginOptions jail, PluginContext context) throws PluginConfigException {
        return root().create(merged(jail), context);
    }

    /**
     * The options the Java filter at the root gets: the definition's values, each replaced by the jail's when
     * it wrote that option, then (for a definition made of another named filter) that one's values under them.
     */
    PluginOptions merged(PluginOptions jail) {
        NamedFilterFactory checked = checked();
        if (checked != this) {
            return checked.merged(jail);
        }
        Map<String, Object> out = new LinkedHashMap<>(values);
        for (OptionSpec s : base.options()) {
            if (jail.isSet(s.name())) {
                out.put(s.name(), valueOf(jail, s));
            }
        }
        PluginOptions mine = new MapPluginOptions(base.options(), out);
        return base instanceof NamedFilterFactory named ? named.merged(mine) : mine;
    }

    private static Object valueOf(PluginOptions o, OptionSpec s) {
        return switch (s.type()) {
            case STRING_LIST -> o.strings(s.name());
            case STRING_MAP -> o.stringMap(s.name());
            case BOOLEAN -> o.bool(s.name());
            default -> o.string(s.name());
        };
    }

    /** A value as YAML flow text, for {@code warden plugins --describe}. */
    private static String yaml(Object v) {
        if (v instanceof List<?> l) {
            return l.stream().map(NamedFilterFactory::yaml).collect(Collectors.joining(", ", "[", "]"));
        }
        if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> e.getKey() + ": " + yaml(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return v instanceof String str ? "'" + str.replace("'", "''") + "'" : String.valueOf(v);
    }

    @Override
    public String toString() {
        return id + " (" + base().id() + ")";
    }
}
