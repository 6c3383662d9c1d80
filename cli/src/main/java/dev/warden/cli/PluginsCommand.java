package dev.warden.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.api.PluginInfo;
import dev.warden.core.api.PluginIssue;
import dev.warden.core.api.Plugins;
import dev.warden.core.config.ConfigLoader;
import dev.warden.core.config.ConfigResult;
import dev.warden.core.config.Suggestions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code warden plugins}: the filters and actions available, built-in and from the plugin folder. */
@Command(name = "plugins", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"List the filters and actions available: built-in, and from the jars of the plugin folder.",
                "stdout: a header, then one line per plugin, KIND ID ORIGIN VERSION DESCRIPTION in aligned columns"
                        + " (ORIGIN: built-in or the jar's path); with --describe, its options and sample logs.",
                "Plugin problems go to stderr, one 'warden: plugin: ...' line each.",
                "Exit 0 when every jar loaded (warnings allowed), 1 when a plugin problem was an error (the list"
                        + " shows what did load), 2 for an unknown ID or an unreadable configuration."},
        footer = {"", "Examples:", "  warden plugins", "  warden plugins --describe opensmtpd"})
final class PluginsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Mixin
    PluginDirOption pluginDir;

    @Option(names = "--describe", paramLabel = "ID",
            description = "Show this filter's or action's options, the SHA-256 of the jar it came from and, for a"
                    + " filter, its sample logs.")
    String describe;

    @Option(names = "--json", description = "Print JSON: {\"plugins\": [...], \"problems\": [...]}.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConfigLoader.PluginFolders folders = ConfigLoader.PluginFolders.DEFAULTS;
        if (config.explicit() || Files.exists(config.path())) {
            // the only thing read from the configuration here, so it must be readable
            ConfigResult<ConfigLoader.PluginFolders> named = ConfigLoader.pluginFolders(config.path());
            if (named.value().isEmpty()) {
                Issues.print(named.issues(), err);
                return ExitCodes.CONFIG;
            }
            folders = named.value().get();
        }
        folders = pluginDir.override(folders);
        try (Plugins catalog = PluginDirOption.report(
                PluginDirOption.discover(folders.plugins(), folders.filters()), err)) {
            List<PluginInfo> all = catalog.all();
            List<PluginInfo> shown = describe == null ? all
                    : all.stream().filter(p -> p.id().equals(describe)).toList();
            if (shown.isEmpty() && describe != null) {
                err.println("warden plugins: no filter or action \"" + describe + "\""
                        + Suggestions.hint(describe, all.stream().map(PluginInfo::id).distinct().toList())
                        + " (filters: " + String.join(", ", catalog.filterIds()) + "; actions: "
                        + String.join(", ", catalog.actionIds()) + ")");
                return ExitCodes.CONFIG;
            }
            print(shown, catalog, out);
            out.flush();
            return catalog.hasErrors() ? ExitCodes.RUNTIME : ExitCodes.OK;
        } catch (UncheckedIOException e) {
            err.println("warden plugins: cannot read the sample logs: " + e.getCause().getMessage());
            return ExitCodes.RUNTIME;
        }
    }

    private void print(List<PluginInfo> shown, Plugins catalog, PrintWriter out) {
        List<PluginDescription> described = describe == null ? List.of()
                : shown.stream().map(p -> new PluginDescription(p, catalog)).toList();
        if (json) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            ArrayNode plugins = root.putArray("plugins");
            if (describe == null) {
                shown.forEach(p -> plugins.add(PluginDescription.summary(p)));
            } else {
                described.forEach(d -> plugins.add(d.json()));
            }
            ArrayNode problems = root.putArray("problems");
            for (PluginIssue p : catalog.issues()) {
                problems.addObject().put("severity", p.isError() ? "error" : "warning")
                        .put("source", p.source()).put("message", p.message());
            }
            out.println(root);
        } else if (describe == null) {
            TextTable t = new TextTable("KIND", "ID", "ORIGIN", "VERSION", "DESCRIPTION");
            shown.forEach(p -> t.add(p.kind().toString(), p.id(), p.origin(), p.version(), p.description()));
            t.print(out);
        } else {
            for (int i = 0; i < described.size(); i++) {
                if (i > 0) {
                    out.println();
                }
                described.get(i).print(out);
            }
        }
    }
}
