package dev.warden.core.plugin;

import dev.warden.core.plugin.PluginKind.Candidate;
import dev.warden.core.spi.ActionFactory;
import dev.warden.core.spi.FilterFactory;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The filter and action factories available, by id, each with where it came from. Immutable once built.
 *
 * <p>Built-ins are found with {@link java.util.ServiceLoader} over Warden's own class loader. Each
 * {@code *.jar} directly in the plugin folder gets its own class loader over {@link CoreApiClassLoader}
 * (it sees warden-core and slf4j-api, not the other jars nor the rest of Warden's class path) and is
 * searched with {@code ServiceLoader} the same way. A missing folder means no plugins. Code is loaded only
 * from a folder and jars that nobody but root and the user Warden runs as can change ({@link Trust}); each
 * jar opened is read once for its SHA-256 ({@link #jars()}).
 *
 * <p>Building never fails: an unreadable or untrusted folder, an untrusted jar, a jar that is not a jar or declares another SPI version
 * ({@link dev.warden.core.spi.Spi}), a provider that cannot be loaded, constructed or asked its
 * declarations, an invalid id, and an id offered twice ({@link UniqueIds}) are recorded in
 * {@link #problems()}, and everything else still loads.
 *
 * <p>The catalog owns the class loaders of the jars it uses: {@link #close()} once nothing created from
 * its factories runs any more (the daemon closes the catalog a reload replaced only after the jails built
 * from it have stopped). A catalog without plugin jars holds nothing to close. Not thread-safe to close.
 */
public final class PluginCatalog implements AutoCloseable {

    private final Map<String, Candidate<FilterFactory>> filters;
    private final Map<String, Candidate<ActionFactory>> actions;
    private final List<PluginProblem> problems;
    private final List<URLClassLoader> loaders;
    private final List<PluginSource> jars;

    private PluginCatalog(Map<String, Candidate<FilterFactory>> filters, Map<String, Candidate<ActionFactory>> actions,
                          List<PluginProblem> problems, List<URLClassLoader> loaders, List<PluginSource> jars) {
        this.filters = Collections.unmodifiableMap(filters);
        this.actions = Collections.unmodifiableMap(actions);
        this.problems = List.copyOf(problems);
        this.loaders = List.copyOf(loaders);
        this.jars = List.copyOf(jars);
    }

    /** Finds every filter and action factory that {@code loader} can see; their version is "unknown". */
    public static PluginCatalog discover(ClassLoader loader) {
        return discover(loader, PluginSource.UNKNOWN_VERSION, null);
    }

    /**
     * Finds the built-ins {@code builtins} can see, then the plugins in {@code pluginDir}.
     *
     * @param wardenVersion this Warden's version: the built-ins' version, and named when a jar must be rebuilt
     * @param pluginDir the plugin folder; null or missing for none
     */
    public static PluginCatalog discover(ClassLoader builtins, String wardenVersion, Path pluginDir) {
        return discover(builtins, wardenVersion, pluginDir, null, Trust::ofThisProcess);
    }

    /**
     * As {@link #discover(ClassLoader, String, Path)}, then the named filters defined as data ({@link FilterLibrary}):
     * those shipped beside the built-in filters, then the operator's {@code filterDir} (null or missing: none).
     */
    public static PluginCatalog discover(ClassLoader builtins, String wardenVersion, Path pluginDir, Path filterDir) {
        return discover(builtins, wardenVersion, pluginDir, filterDir, Trust::ofThisProcess);
    }

    /**
     * As {@link #discover(ClassLoader, String, Path)}, with the owners {@code trust} gives (asked only when the
     * folder exists: finding the uid Warden runs as takes a few milliseconds).
     */
    static PluginCatalog discover(ClassLoader builtins, String wardenVersion, Path pluginDir, Supplier<Trust> trust) {
        return discover(builtins, wardenVersion, pluginDir, null, trust);
    }

    private static PluginCatalog discover(ClassLoader builtins, String wardenVersion, Path pluginDir, Path filterDir,
                                          Supplier<Trust> trust) {
        List<PluginProblem> problems = new ArrayList<>();
        PluginSource builtIn = PluginSource.builtIn(wardenVersion);
        List<Candidate<FilterFactory>> filters = new ArrayList<>(
                Providers.load(PluginKind.FILTER, builtins, builtIn, "", problems));
        List<Candidate<ActionFactory>> actions = new ArrayList<>(
                Providers.load(PluginKind.ACTION, builtins, builtIn, "", problems));
        List<URLClassLoader> loaders = new ArrayList<>();
        List<PluginSource> jars = new ArrayList<>();
        if (pluginDir != null && !Files.notExists(pluginDir, LinkOption.NOFOLLOW_LINKS)) {
            ClassLoader parent = new CoreApiClassLoader(PluginCatalog.class.getClassLoader());
            Trust trusted = trust.get();
            for (Path jar : PluginFolder.jars(pluginDir, trusted, problems)) {
                PluginJar.open(jar, parent, wardenVersion, trusted, problems).ifPresent(opened -> {
                    loaders.add(opened.loader());
                    jars.add(opened.source());
                    load(opened, filters, actions, problems);
                });
            }
        }
        filters.addAll(FilterLibrary.load(filters, wardenVersion, filterDir, trust, problems));
        return build(filters, actions, problems, loaders, jars, pluginDir == null ? "" : pluginDir.toString());
    }

    /** Adds the providers of one opened jar; a jar without any is a warning. */
    private static void load(PluginJar.Opened jar, List<Candidate<FilterFactory>> filters,
                             List<Candidate<ActionFactory>> actions, List<PluginProblem> problems) {
        String where = jar.source().origin();
        int problemsBefore = problems.size();
        int before = filters.size() + actions.size();
        filters.addAll(Providers.load(PluginKind.FILTER, jar.loader(), jar.source(), where, problems));
        actions.addAll(Providers.load(PluginKind.ACTION, jar.loader(), jar.source(), where, problems));
        if (problems.size() == problemsBefore && filters.size() + actions.size() == before) {
            problems.add(PluginProblem.warning(where, "no filter or action in it (no META-INF/services/"
                    + FilterFactory.class.getName() + " or " + ActionFactory.class.getSimpleName() + ")"));
        }
    }

    /** A catalog of exactly these factories, as built-ins (for tests and embedding); checked like discovered ones. */
    public static PluginCatalog of(List<? extends FilterFactory> filters, List<? extends ActionFactory> actions) {
        List<PluginProblem> problems = new ArrayList<>();
        PluginSource source = PluginSource.builtIn(PluginSource.UNKNOWN_VERSION);
        List<Candidate<FilterFactory>> f = new ArrayList<>();
        filters.forEach(x -> Providers.check(PluginKind.FILTER, x, source, "", problems).ifPresent(f::add));
        List<Candidate<ActionFactory>> a = new ArrayList<>();
        actions.forEach(x -> Providers.check(PluginKind.ACTION, x, source, "", problems).ifPresent(a::add));
        return build(f, a, problems, List.of(), List.of(), "");
    }

    private static PluginCatalog build(List<Candidate<FilterFactory>> filters, List<Candidate<ActionFactory>> actions,
                                       List<PluginProblem> problems, List<URLClassLoader> loaders,
                                       List<PluginSource> jars, String folder) {
        Map<String, Candidate<FilterFactory>> f = UniqueIds.index(PluginKind.FILTER, filters, folder, problems);
        Map<String, Candidate<ActionFactory>> a = UniqueIds.index(PluginKind.ACTION, actions, folder, problems);
        Set<ClassLoader> used = Collections.newSetFromMap(new IdentityHashMap<>());
        f.values().forEach(c -> used.add(c.factory().getClass().getClassLoader()));
        a.values().forEach(c -> used.add(c.factory().getClass().getClassLoader()));
        List<URLClassLoader> kept = new ArrayList<>();
        for (URLClassLoader loader : loaders) {
            if (used.contains(loader)) {
                kept.add(loader);
            } else {
                closeQuietly(loader); // nothing of this jar is used
            }
        }
        return new PluginCatalog(f, a, problems, kept, jars);
    }

    /** The filter factory with this id. */
    public Optional<FilterFactory> filter(String id) {
        return Optional.ofNullable(filters.get(id)).map(Candidate::factory);
    }

    /** The action factory with this id. */
    public Optional<ActionFactory> action(String id) {
        return Optional.ofNullable(actions.get(id)).map(Candidate::factory);
    }

    /** Where the filter with this id comes from. */
    public Optional<PluginSource> filterSource(String id) {
        return Optional.ofNullable(filters.get(id)).map(Candidate::source);
    }

    /** Where the action with this id comes from. */
    public Optional<PluginSource> actionSource(String id) {
        return Optional.ofNullable(actions.get(id)).map(Candidate::source);
    }

    /** All filter factories, in discovery order (built-ins first, then jars by file name). */
    public List<FilterFactory> filters() {
        return filters.values().stream().map(Candidate::factory).toList();
    }

    /** All action factories, in discovery order. */
    public List<ActionFactory> actions() {
        return actions.values().stream().map(Candidate::factory).toList();
    }

    /** The filter ids, in discovery order. */
    public List<String> filterIds() {
        return List.copyOf(filters.keySet());
    }

    /** The action ids, in discovery order. */
    public List<String> actionIds() {
        return List.copyOf(actions.keySet());
    }

    /** What went wrong while building the catalog, in the order found, for logs and {@code warden plugins}. */
    public List<PluginProblem> problems() {
        return problems;
    }

    /**
     * Every jar of the plugin folder whose classes were loaded, in file-name order, with its SHA-256: the
     * code that ran, whether or not a provider of it is used.
     */
    public List<PluginSource> jars() {
        return jars;
    }

    /** Whether a problem is an error (something was not loaded), not just a warning. */
    public boolean hasErrors() {
        return problems.stream().anyMatch(PluginProblem::isError);
    }

    /** Closes the plugin jars' class loaders: no class not loaded yet can be loaded from them afterwards. */
    @Override
    public void close() {
        loaders.forEach(PluginCatalog::closeQuietly);
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            // only releases file handles: nothing to do about it
        }
    }
}
