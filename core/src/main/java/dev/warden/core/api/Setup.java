package dev.warden.core.api;

import dev.warden.core.config.ConfigIssue;
import dev.warden.core.config.ConfigLoader;
import dev.warden.core.config.ConfigResult;
import dev.warden.core.config.FleetSettings;
import dev.warden.core.config.JailDefinition;
import dev.warden.core.config.MapPluginOptions;
import dev.warden.core.config.PluginRef;
import dev.warden.core.config.WardenConfig;
import dev.warden.core.daemon.DaemonConfig;
import dev.warden.core.daemon.JailParts;
import dev.warden.core.engine.ActionDispatcher;
import dev.warden.core.engine.ActionDispatcher.NamedAction;
import dev.warden.core.engine.JailContext;
import dev.warden.core.exec.ProcessCommandRunner;
import dev.warden.core.net.PrefixLengths;
import dev.warden.core.plugin.PluginCatalog;
import dev.warden.core.plugin.PluginSource;
import dev.warden.core.spi.ActionFactory;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.PluginConfigException;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A configuration file loaded, validated and its jails built, the one way every command builds them: each
 * enabled jail (or each one named) gets a fresh filter and fresh actions from the plugins ({@code log}
 * instead of every action in a dry run); the jail's policy, ignore list and counting are built from its
 * definition when it runs. Every problem is a {@link ConfigIssue}, including a plugin that throws (or
 * fails to link) while it creates its filter or action; nothing runs when one is an error.
 */
public final class Setup {

    private final WardenConfig config;
    private final Map<String, JailParts> jails;
    private final List<ConfigIssue> issues;
    private final boolean dryRun;
    /** The fleet section's actions, or null. */
    private final ActionDispatcher fleetActions;

    private Setup(WardenConfig config, Map<String, JailParts> jails, List<ConfigIssue> issues, boolean dryRun) {
        this(config, jails, null, issues, dryRun);
    }

    private Setup(WardenConfig config, Map<String, JailParts> jails, ActionDispatcher fleetActions,
                  List<ConfigIssue> issues, boolean dryRun) {
        this.fleetActions = fleetActions;
        this.config = config;
        this.jails = jails;
        this.issues = List.copyOf(issues);
        this.dryRun = dryRun;
    }

    /**
     * Loads {@code file} against {@code plugins} and builds its jails.
     *
     * @param onlyJails run only these jails (enabled or not); empty: every enabled jail
     * @param dryRun replace every action by the {@code log} action, and keep no state
     */
    public static Setup load(Plugins plugins, Clock clock, Path file, List<String> onlyJails, boolean dryRun) {
        PluginCatalog catalog = plugins.catalog();
        ConfigResult<WardenConfig> loaded = ConfigLoader.load(file, catalog, ZoneId.systemDefault());
        List<ConfigIssue> issues = new ArrayList<>(loaded.issues());
        if (loaded.partial().isEmpty()) {
            return new Setup(null, Map.of(), issues, dryRun);
        }
        // With errors, the jails read in spite of them still create their filters and actions, so that the
        // plugins' own complaints come in the same run rather than after the first errors are fixed.
        WardenConfig config = loaded.partial().get();
        for (String name : onlyJails) {
            if (!config.jails().containsKey(name)) {
                issues.add(ConfigIssue.error(file.toString(), 0, "jails",
                        "no jail named '" + name + "'; jails: " + String.join(", ", config.jails().keySet())));
            }
        }
        Map<String, JailParts> jails = new LinkedHashMap<>();
        ProcessCommandRunner runner = new ProcessCommandRunner();
        String node = config.fleet().map(FleetSettings::node).orElseGet(FleetSettings::localNode);
        Builder b = new Builder(catalog, issues, file);
        for (JailDefinition def : config.jails().values()) {
            boolean wanted = onlyJails.isEmpty() ? def.enabled() : onlyJails.contains(def.name());
            if (wanted) {
                JailParts parts = b.jail(def, new JailContext(def.name(), clock, runner, node), dryRun);
                if (parts != null) {
                    jails.put(def.name(), parts);
                }
            }
        }
        ActionDispatcher fleetActions = config.fleet()
                .map(f -> b.actions(FLEET, f.actions(), PrefixLengths.FULL, new JailContext(FLEET, clock, runner, node),
                        dryRun)).orElse(null);
        if (loaded.hasErrors()) {
            // The filters and actions built are dropped: created but never started, they hold nothing.
            return new Setup(null, Map.of(), issues, dryRun);
        }
        return new Setup(config, jails, fleetActions, issues, dryRun);
    }

    /** The loaded configuration; only when there are no errors. */
    public WardenConfig config() {
        if (config == null) {
            throw new IllegalStateException("the configuration has errors");
        }
        return config;
    }

    /** Every issue found, errors and warnings. */
    public List<ConfigIssue> issues() {
        return issues;
    }

    public boolean hasErrors() {
        return config == null || issues.stream().anyMatch(ConfigIssue::isError);
    }

    /** The jails that will run, in file order. */
    public Set<String> jailNames() {
        return jails.keySet();
    }

    /** The filter built for {@code jail}, if that jail runs (for trying it on a log). */
    public java.util.Optional<Filter> filter(String jail) {
        JailParts p = jails.get(jail);
        return p == null ? java.util.Optional.empty() : java.util.Optional.of(p.filter());
    }

    /** Whether the actions were replaced by the {@code log} action. */
    public boolean dryRun() {
        return dryRun;
    }

    Map<String, JailParts> jails() {
        return jails;
    }

    DaemonConfig daemonConfig() {
        return new DaemonConfig(config(), jails, java.util.Optional.ofNullable(fleetActions));
    }

    /** The name the fleet's actions log under, as a jail's do under its name. */
    static final String FLEET = "fleet";

    /** Creates the filters and actions of jails, collecting issues. */
    private record Builder(PluginCatalog catalog, List<ConfigIssue> issues, Path file) {

        JailParts jail(JailDefinition def, JailContext context, boolean dryRun) {
            Filter filter = filter(def.filter(), context);
            ActionDispatcher actions = actions(def.name(), def.actions(), def.prefixes(), context, dryRun);
            return filter == null ? null : new JailParts(def, filter, actions);
        }

        /**
         * The actions of {@code refs} (the {@code log} action instead in a dry run), under {@code name}, for
         * bans of {@code prefixes} (an action that takes no networks is refused where they are not full).
         */
        ActionDispatcher actions(String name, List<PluginRef> refs, PrefixLengths prefixes, JailContext context,
                                 boolean dryRun) {
            List<NamedAction> actions = new ArrayList<>();
            if (dryRun) {
                dryRunAction(context, actions);
            } else {
                for (PluginRef ref : refs) {
                    action(ref, prefixes, context, actions);
                }
            }
            return new ActionDispatcher(name, actions);
        }

        private Filter filter(PluginRef ref, JailContext context) {
            FilterFactory factory = catalog.filter(ref.type()).orElse(null);
            if (factory == null) {
                return null; // already reported by the loader
            }
            try {
                return factory.create(ref.options(), context);
            } catch (PluginConfigException e) {
                issues.add(ref.issueFor(e));
            } catch (RuntimeException | LinkageError e) {
                issues.add(failed(ref, "filter", catalog.filterSource(ref.type()).orElseThrow(), e));
            }
            return null;
        }

        private void action(PluginRef ref, PrefixLengths prefixes, JailContext context, List<NamedAction> out) {
            ActionFactory factory = catalog.action(ref.type()).orElse(null);
            if (factory == null) {
                return;
            }
            if (!prefixes.isFull() && !factory.acceptsNetworks()) {
                issues.add(ConfigIssue.error(ref.file(), ref.line(), ref.yamlPath(), "action \"" + ref.type() + "\" ("
                        + catalog.actionSource(ref.type()).orElseThrow().origin() + ") does not take bans of networks,"
                        + " which ipv4-prefix " + prefixes.ipv4() + " / ipv6-prefix " + prefixes.ipv6()
                        + " make: use full lengths (32, 128) in this jail, or an action that does"));
                return;
            }
            try {
                out.add(new NamedAction(ref.type(), factory.create(ref.options(), context), factory.acceptsNetworks()));
            } catch (PluginConfigException e) {
                issues.add(ref.issueFor(e));
            } catch (RuntimeException | LinkageError e) {
                issues.add(failed(ref, "action", catalog.actionSource(ref.type()).orElseThrow(), e));
            }
        }

        /** A plugin's bug, at the line of the reference that asked for it. */
        private static ConfigIssue failed(PluginRef ref, String kind, PluginSource source, Throwable e) {
            return ConfigIssue.error(ref.file(), ref.line(), ref.yamlPath(), kind + " \"" + ref.type() + "\" ("
                    + source.origin() + ") failed to start: " + e);
        }

        private void dryRunAction(JailContext context, List<NamedAction> out) {
            ActionFactory log = catalog.action("log").orElse(null);
            if (log == null) {
                issues.add(ConfigIssue.error(file.toString(), 0, "", "--dry-run needs the built-in 'log' action"));
                return;
            }
            try {
                out.add(new NamedAction("log", log.create(new MapPluginOptions(log.options(), Map.of()), context),
                        log.acceptsNetworks()));
            } catch (PluginConfigException e) {
                issues.add(ConfigIssue.error(file.toString(), 0, "", "log action: " + e.getMessage()));
            }
        }
    }
}
