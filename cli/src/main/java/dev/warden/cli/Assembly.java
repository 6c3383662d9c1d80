package dev.warden.cli;

import dev.warden.core.api.Plugins;
import dev.warden.core.config.ConfigIssue;
import dev.warden.core.config.ConfigLoader;
import dev.warden.core.config.ConfigResult;
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
import dev.warden.core.plugin.PluginCatalog;
import dev.warden.core.plugin.PluginSource;
import dev.warden.core.spi.ActionFactory;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.PluginConfigException;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a configuration file into ready jails: loads and validates the YAML against a plugin catalog
 * ({@link PluginDirOption} discovers it), creates each jail's filter and actions. Every problem is collected
 * as a {@link ConfigIssue}, including a plugin that throws (or fails to link) while it creates its filter or
 * action; nothing runs when there is one.
 */
final class Assembly {

    /** The assembled configuration (jails in file order), or the issues that prevent it. */
    record Result(WardenConfig config, Map<String, JailParts> jails, List<ConfigIssue> issues) {
        boolean hasErrors() {
            return issues.stream().anyMatch(ConfigIssue::isError);
        }

        /** For the daemon; only when there are no errors. */
        DaemonConfig daemonConfig() {
            return new DaemonConfig(config, jails);
        }
    }

    private final PluginCatalog catalog;
    private final Clock clock;

    Assembly(Plugins plugins, Clock clock) {
        this.catalog = plugins.internalCatalog(); // TODO(issue 11): gone when Assembly moves into core.api
        this.clock = clock;
    }

    PluginCatalog catalog() {
        return catalog;
    }

    /** Only loads and validates the file (no plugin instances). */
    ConfigResult<WardenConfig> load(Path file, boolean requireLogs) {
        return ConfigLoader.load(file, catalog, java.time.ZoneId.systemDefault(), requireLogs);
    }

    /**
     * Loads the file and builds the enabled jails (or only those named).
     *
     * @param dryRun replace every action by the {@code log} action
     */
    Result assemble(Path file, List<String> onlyJails, boolean dryRun) {
        return assemble(file, onlyJails, dryRun, true);
    }

    /**
     * As {@link #assemble(Path, List, boolean)}; with {@code requireLogs} false the jails' own log files
     * need not exist (the command reads files named on its command line instead).
     */
    Result assemble(Path file, List<String> onlyJails, boolean dryRun, boolean requireLogs) {
        ConfigResult<WardenConfig> loaded = load(file, requireLogs);
        List<ConfigIssue> issues = new ArrayList<>(loaded.issues());
        if (loaded.hasErrors() || loaded.value().isEmpty()) {
            return new Result(null, Map.of(), issues);
        }
        WardenConfig config = loaded.value().get();
        for (String name : onlyJails) {
            if (!config.jails().containsKey(name)) {
                issues.add(ConfigIssue.error(file.toString(), 0, "jails",
                        "no jail named '" + name + "'; jails: " + String.join(", ", config.jails().keySet())));
            }
        }
        Map<String, JailParts> jails = new LinkedHashMap<>();
        ProcessCommandRunner runner = new ProcessCommandRunner();
        for (JailDefinition def : config.jails().values()) {
            boolean wanted = onlyJails.isEmpty() ? def.enabled() : onlyJails.contains(def.name());
            if (!wanted) {
                continue;
            }
            JailContext context = new JailContext(def.name(), clock, runner);
            Filter filter = createFilter(def.filter(), context, issues);
            List<NamedAction> actions = new ArrayList<>();
            if (dryRun) {
                createDryRun(context, actions, issues, file);
            } else {
                for (PluginRef ref : def.actions()) {
                    createAction(ref, context, actions, issues);
                }
            }
            if (filter != null) {
                jails.put(def.name(), new JailParts(def, filter, new ActionDispatcher(def.name(), actions)));
            }
        }
        return new Result(config, jails, issues);
    }

    private Filter createFilter(PluginRef ref, JailContext context, List<ConfigIssue> issues) {
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

    private void createAction(PluginRef ref, JailContext context, List<NamedAction> out, List<ConfigIssue> issues) {
        ActionFactory factory = catalog.action(ref.type()).orElse(null);
        if (factory == null) {
            return;
        }
        try {
            out.add(new NamedAction(ref.type(), factory.create(ref.options(), context)));
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

    private void createDryRun(JailContext context, List<NamedAction> out, List<ConfigIssue> issues, Path file) {
        ActionFactory log = catalog.action("log").orElse(null);
        if (log == null) {
            issues.add(ConfigIssue.error(file.toString(), 0, "", "--dry-run needs the built-in 'log' action"));
            return;
        }
        try {
            out.add(new NamedAction("log", log.create(new MapPluginOptions(log.options(), Map.of()), context)));
        } catch (PluginConfigException e) {
            issues.add(ConfigIssue.error(file.toString(), 0, "", "log action: " + e.getMessage()));
        }
    }
}
