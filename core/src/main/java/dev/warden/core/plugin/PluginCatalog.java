package dev.warden.core.plugin;

import dev.warden.core.spi.ActionFactory;
import dev.warden.core.spi.FilterFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The filter and action factories available, by id. Immutable once built.
 *
 * <p>Building never fails: a provider that cannot be loaded (bad {@code META-INF/services} line, missing
 * class, throwing constructor), has an invalid id, or repeats an id already taken is recorded in
 * {@link #problems()} and skipped, and every other provider still loads. For a repeated id the first one
 * found wins.
 */
public final class PluginCatalog {

    /** Ids operators can write in YAML: lower-case letters and digits, with inner {@code -}, {@code _}, {@code .}. */
    private static final Pattern ID = Pattern.compile("[a-z0-9]([a-z0-9._-]*[a-z0-9])?");

    private final Map<String, FilterFactory> filters;
    private final Map<String, ActionFactory> actions;
    private final List<String> problems;

    private PluginCatalog(Map<String, FilterFactory> filters, Map<String, ActionFactory> actions,
                          List<String> problems) {
        this.filters = Collections.unmodifiableMap(filters);
        this.actions = Collections.unmodifiableMap(actions);
        this.problems = List.copyOf(problems);
    }

    /** Finds every {@link FilterFactory} and {@link ActionFactory} that {@code loader} can see. */
    public static PluginCatalog discover(ClassLoader loader) {
        List<String> problems = new ArrayList<>();
        List<FilterFactory> filters = load(FilterFactory.class, loader, problems);
        List<ActionFactory> actions = load(ActionFactory.class, loader, problems);
        return build(filters, actions, problems);
    }

    /** A catalog of exactly these factories (for tests and embedding); checked like discovered ones. */
    public static PluginCatalog of(List<? extends FilterFactory> filters, List<? extends ActionFactory> actions) {
        return build(filters, actions, new ArrayList<>());
    }

    private static PluginCatalog build(List<? extends FilterFactory> filters, List<? extends ActionFactory> actions,
                                       List<String> problems) {
        Map<String, FilterFactory> f = index("filter", filters, FilterFactory::id, problems);
        Map<String, ActionFactory> a = index("action", actions, ActionFactory::id, problems);
        return new PluginCatalog(f, a, problems);
    }

    private static <S> List<S> load(Class<S> service, ClassLoader loader, List<String> problems) {
        List<S> found = new ArrayList<>();
        Iterator<S> it = ServiceLoader.load(service, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    return found;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                problems.add("cannot load " + service.getSimpleName() + " provider: " + describe(e));
            }
        }
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            sb.append(" (caused by ").append(c).append(')');
        }
        return sb.toString();
    }

    private static <F> Map<String, F> index(String kind, List<? extends F> factories, Function<F, String> idOf,
                                            List<String> problems) {
        Map<String, F> byId = new LinkedHashMap<>();
        for (F factory : factories) {
            String className = factory.getClass().getName();
            String id;
            try {
                id = idOf.apply(factory);
            } catch (RuntimeException e) {
                problems.add(kind + " " + className + ": id() threw " + e + "; skipped");
                continue;
            }
            if (id == null || !ID.matcher(id).matches()) {
                problems.add(kind + " " + className + ": invalid id " + (id == null ? "null" : "\"" + id + "\"")
                        + " (use lower-case letters, digits, '-', '_', '.'); skipped");
                continue;
            }
            F first = byId.putIfAbsent(id, factory);
            if (first != null) {
                problems.add("duplicate " + kind + " id \"" + id + "\": " + className + " ignored, "
                        + first.getClass().getName() + " kept");
            }
        }
        return byId;
    }

    /** The filter factory with this id. */
    public Optional<FilterFactory> filter(String id) {
        return Optional.ofNullable(filters.get(id));
    }

    /** The action factory with this id. */
    public Optional<ActionFactory> action(String id) {
        return Optional.ofNullable(actions.get(id));
    }

    /** All filter factories, in discovery order. */
    public List<FilterFactory> filters() {
        return List.copyOf(filters.values());
    }

    /** All action factories, in discovery order. */
    public List<ActionFactory> actions() {
        return List.copyOf(actions.values());
    }

    /** The filter ids, in discovery order. */
    public List<String> filterIds() {
        return List.copyOf(filters.keySet());
    }

    /** The action ids, in discovery order. */
    public List<String> actionIds() {
        return List.copyOf(actions.keySet());
    }

    /** What went wrong while building the catalog, one line each, for logs and {@code warden plugins}. */
    public List<String> problems() {
        return problems;
    }
}
