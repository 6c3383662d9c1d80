package dev.warden.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.plugin.PluginCatalog;
import dev.warden.core.plugin.PluginSource;
import dev.warden.core.spi.OptionSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * One filter or action of a catalog as {@code warden plugins} shows it.
 *
 * @param kind "filter" or "action"
 * @param factory the factory itself (where its sample logs are found)
 */
record PluginEntry(String kind, String id, PluginSource source, String description, List<OptionSpec> options,
                   Object factory) {

    static final String FILTER = "filter";
    static final String ACTION = "action";

    /** Every filter, then every action, each in discovery order (built-ins first, then jars by file name). */
    static List<PluginEntry> all(PluginCatalog catalog) {
        List<PluginEntry> out = new ArrayList<>();
        for (String id : catalog.filterIds()) {
            catalog.filter(id).ifPresent(f -> out.add(new PluginEntry(FILTER, id,
                    catalog.filterSource(id).orElseThrow(), f.description(), f.options(), f)));
        }
        for (String id : catalog.actionIds()) {
            catalog.action(id).ifPresent(a -> out.add(new PluginEntry(ACTION, id,
                    catalog.actionSource(id).orElseThrow(), a.description(), a.options(), a)));
        }
        return out;
    }

    boolean isFilter() {
        return kind.equals(FILTER);
    }

    /** The fields of its line of the list, as JSON. */
    ObjectNode json() {
        return JsonNodeFactory.instance.objectNode().put("kind", kind).put("id", id).put("origin", source.origin())
                .put("version", source.version()).put("description", description);
    }
}
