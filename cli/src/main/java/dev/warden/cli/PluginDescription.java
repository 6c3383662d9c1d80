package dev.warden.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.api.PluginInfo;
import dev.warden.core.api.Plugins;
import dev.warden.core.api.SampleSummary;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.OptionType;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * What {@code warden plugins --describe ID} shows of one filter or action: its options (name, type,
 * default, required, choices, description) and, for a filter, a summary of its annotated sample logs.
 */
final class PluginDescription {

    private final PluginInfo plugin;
    private final List<SampleSummary> samples;

    /**
     * @param plugin one of {@code plugins}
     * @throws UncheckedIOException when the jar (or directory) holding a filter's samples cannot be read
     */
    PluginDescription(PluginInfo plugin, Plugins plugins) {
        this.plugin = plugin;
        try {
            this.samples = plugin.isFilter() ? plugins.samples(plugin.id()) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fields of a plugin's line of {@code warden plugins}, as JSON. */
    static ObjectNode summary(PluginInfo p) {
        return JsonNodeFactory.instance.objectNode().put("kind", p.kind().toString()).put("id", p.id())
                .put("origin", p.origin()).put("version", p.version())
                .put("sha256", p.sha256().isEmpty() ? null : p.sha256()).put("description", p.description());
    }

    /** An option type as operators read it: {@code duration}, {@code string-list}. */
    static String typeName(OptionType type) {
        return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    void print(PrintWriter out) {
        out.println(plugin.kind() + " " + plugin.id() + " (" + plugin.origin() + ", version " + plugin.version()
                + (plugin.sha256().isEmpty() ? "" : ", sha256 " + plugin.sha256()) + ")");
        out.println(plugin.description());
        out.println();
        if (plugin.options().isEmpty()) {
            out.println("options: none");
        } else {
            TextTable t = new TextTable("OPTION", "TYPE", "DEFAULT", "REQUIRED", "CHOICES", "DESCRIPTION");
            for (OptionSpec o : plugin.options()) {
                t.add(o.name(), typeName(o.type()), o.defaultValue(), o.required() ? "yes" : "no",
                        o.choices().isEmpty() ? null : String.join("|", o.choices()), o.description());
            }
            t.print(out);
        }
        if (!plugin.isFilter()) {
            return;
        }
        out.println();
        if (samples.isEmpty()) {
            out.println("sample logs: none (a filter ships them in its jar as " + SampleSummary.FOLDER + "/"
                    + plugin.id() + ".log)");
            return;
        }
        TextTable t = new TextTable("SAMPLE LOG", "LOG LINES", "FAILING LINES", "FAILURES", "ADDRESSES",
                "UNATTRIBUTED", "OPTIONS");
        for (SampleSummary s : samples) {
            t.add(s.name(), "" + s.logLines(), "" + s.failingLines(), "" + s.failures(), "" + s.addresses(),
                    "" + s.unattributed(), s.options().isEmpty() ? null : s.options());
        }
        t.print(out);
    }

    ObjectNode json() {
        ObjectNode o = summary(plugin);
        ArrayNode options = o.putArray("options");
        for (OptionSpec s : plugin.options()) {
            ObjectNode n = options.addObject().put("name", s.name()).put("type", typeName(s.type()))
                    .put("default", s.defaultValue()).put("required", s.required());
            s.choices().forEach(n.putArray("choices")::add);
            n.put("description", s.description());
        }
        if (plugin.isFilter()) {
            ArrayNode list = o.putArray("samples");
            for (SampleSummary s : samples) {
                list.addObject().put("name", s.name()).put("options", s.options()).put("logLines", s.logLines())
                        .put("failingLines", s.failingLines()).put("failures", s.failures())
                        .put("addresses", s.addresses()).put("unattributed", s.unattributed());
            }
        }
        return o;
    }
}
