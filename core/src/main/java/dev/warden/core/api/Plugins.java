package dev.warden.core.api;

import dev.warden.core.engine.JailContext;
import dev.warden.core.exec.ProcessCommandRunner;
import dev.warden.core.plugin.PluginCatalog;
import dev.warden.core.plugin.PluginSource;
import dev.warden.core.plugin.SampleLogSummary;
import dev.warden.core.plugin.SampleLogs;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.PluginConfigException;
import dev.warden.core.spi.PluginOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The filters and actions available: the built-ins and those of the plugin folder's jars, each with where it
 * came from, and every issue found on the way. Immutable once discovered.
 *
 * <p>Discovery never fails: an unreadable folder, a folder or jar that someone other than root and the user
 * Warden runs as could change (refused: none of its code runs), a jar that is not a plugin or was built for
 * another SPI version, a provider that cannot be loaded, and an id offered twice become {@link #issues()},
 * and everything else still loads.
 *
 * <p>Owns the plugin jars' class loaders: {@link #close()} once nothing created from these plugins runs any
 * more. Not thread-safe to close.
 */
public final class Plugins implements AutoCloseable {

    private final PluginCatalog catalog;

    private Plugins(PluginCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Finds the built-ins (the providers the class loader of Warden's core sees), then the plugins of the jars
     * directly in {@code folder}.
     *
     * @param folder the plugin folder; a missing folder means no plugins
     * @param wardenVersion this Warden's version: the built-ins' version, and named when a jar must be rebuilt
     */
    public static Plugins discover(Path folder, String wardenVersion) {
        return discover(folder, null, wardenVersion);
    }

    /**
     * As {@link #discover(Path, String)}, then the named filters defined as data: Warden's filter library and
     * the definitions in {@code filterDir} (null or missing: none), which replace library ones of their name.
     */
    public static Plugins discover(Path folder, Path filterDir, String wardenVersion) {
        return new Plugins(PluginCatalog.discover(Plugins.class.getClassLoader(), wardenVersion, folder, filterDir));
    }

    /** For this package: the catalog, to load configurations against and create jails' filters and actions from. */
    PluginCatalog catalog() {
        return catalog;
    }

    /** What went wrong while discovering, in the order found; never null. */
    public List<PluginIssue> issues() {
        return catalog.problems().stream().map(PluginIssue::new).toList();
    }

    /** Whether an issue is an error (something was not loaded), not just a warning. */
    public boolean hasErrors() {
        return catalog.hasErrors();
    }

    /** The filter ids, in discovery order (built-ins first, then jars by file name). */
    public List<String> filterIds() {
        return catalog.filterIds();
    }

    /** The action ids, in discovery order. */
    public List<String> actionIds() {
        return catalog.actionIds();
    }

    /**
     * Every jar of the plugin folder whose classes were loaded, in file-name order, whether or not a filter or
     * action of it is used: the code that ran, each with its SHA-256.
     */
    public List<PluginJarInfo> jars() {
        return catalog.jars().stream().map(j -> new PluginJarInfo(j.origin(), j.version(), j.sha256())).toList();
    }

    /** The filter factory with this id. */
    public Optional<FilterFactory> filter(String id) {
        return catalog.filter(id);
    }

    /** Every filter, then every action, each in discovery order. */
    public List<PluginInfo> all() {
        List<PluginInfo> out = new ArrayList<>();
        for (String id : catalog.filterIds()) {
            catalog.filter(id).ifPresent(f -> out.add(info(PluginInfo.Kind.FILTER, id,
                    catalog.filterSource(id).orElseThrow(), f.description(), f.options())));
        }
        for (String id : catalog.actionIds()) {
            catalog.action(id).ifPresent(a -> out.add(info(PluginInfo.Kind.ACTION, id,
                    catalog.actionSource(id).orElseThrow(), a.description(), a.options())));
        }
        return out;
    }

    /**
     * The annotated sample logs the filter {@code id} ships ({@link SampleSummary#FOLDER}), by file name; empty
     * when it ships none or no filter has this id.
     *
     * @throws IOException when the jar (or class directory) holding them cannot be read
     */
    public List<SampleSummary> samples(String id) throws IOException {
        Optional<FilterFactory> factory = catalog.filter(id);
        if (factory.isEmpty()) {
            return List.of();
        }
        return SampleLogs.of(factory.get(), id).stream().map(Plugins::summary).toList();
    }

    /**
     * Creates the filter {@code id} outside any jail, as {@code warden test-filter} does: its context is named
     * {@code name}, tells time by {@code clock} and runs commands as child processes (never through a shell).
     *
     * @throws NoSuchElementException when no filter has this id
     * @throws PluginConfigException when the filter refuses {@code options}; a plugin's own bug (any other
     *     exception) is not caught
     */
    public Filter createFilter(String id, PluginOptions options, String name, Clock clock)
            throws PluginConfigException {
        FilterFactory factory = catalog.filter(id).orElseThrow(() -> new NoSuchElementException("no filter " + id));
        return factory.create(options, new JailContext(name, clock, new ProcessCommandRunner()));
    }

    /** Closes the plugin jars' class loaders: no class not loaded yet can be loaded from them afterwards. */
    @Override
    public void close() {
        catalog.close();
    }

    private static PluginInfo info(PluginInfo.Kind kind, String id, PluginSource source, String description,
                                   List<OptionSpec> options) {
        return new PluginInfo(kind, id, source.origin(), source.version(),
                source.isBuiltIn() ? "" : source.sha256(), description, options);
    }

    private static SampleSummary summary(SampleLogSummary s) {
        return new SampleSummary(s.name(), s.options(), s.logLines(), s.failingLines(), s.failures(), s.addresses(),
                s.unattributed());
    }
}
