package dev.warden.core.config;

import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.OptionType;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads one filter or action reference, in short form ({@code filter: opensmtpd}, {@code - log}) or long
 * form ({@code {type: pf, table: bot}}), and checks its options against the plugin's {@link OptionSpec}s:
 * unknown option, wrong type, missing required option.
 */
final class PluginRefReader {

    private static final String TYPE = "type";

    private final NodeReader reader;
    private final String kind;
    private final Function<String, Optional<List<OptionSpec>>> specsOf;
    private final List<String> knownIds;

    /**
     * @param kind "filter" or "action", for messages
     * @param specsOf the declared options of a plugin id, or empty when there is no such plugin
     * @param knownIds the ids that exist, for messages
     */
    PluginRefReader(NodeReader reader, String kind, Function<String, Optional<List<OptionSpec>>> specsOf,
                    List<String> knownIds) {
        this.reader = reader;
        this.kind = kind;
        this.specsOf = specsOf;
        this.knownIds = knownIds;
    }

    /**
     * A list of at least one reference ({@code actions: [pf, {type: log}]}) at {@code path}; empty when any item
     * is unusable (each reported), so that nothing runs with part of its actions.
     */
    List<PluginRef> list(YamlNode node, String path) {
        if (!(node instanceof YamlNode.Sequence seq)) {
            return reader.<List<PluginRef>>wrongType(node, path, "a list of " + kind + "s").orElse(List.of());
        }
        if (seq.items().isEmpty()) {
            reader.issues().error(seq.line(), path, "expected at least one " + kind);
        }
        List<PluginRef> refs = new ArrayList<>();
        boolean allRead = true;
        for (int i = 0; i < seq.items().size(); i++) {
            Optional<PluginRef> ref = read(seq.items().get(i), path + "[" + i + "]");
            ref.ifPresent(refs::add);
            allRead &= ref.isPresent();
        }
        return allRead ? refs : List.of();
    }

    Optional<PluginRef> read(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s && !s.isNull() && s.value() instanceof String id) {
            return specs(id, s.line(), path).map(specs -> build(id, specs, Map.of(), Map.of(), node, path));
        }
        if (!(node instanceof YamlNode.Mapping map)) {
            return reader.wrongType(node, path, "a " + kind + " name or a map with \"type\"");
        }
        YamlNode.Entry typeEntry = map.entries().get(TYPE);
        if (typeEntry == null) {
            reader.issues().error(map.line(), NodeReader.child(path, TYPE), "missing required key \"type\"");
            return Optional.empty();
        }
        String typePath = NodeReader.child(path, TYPE);
        Optional<String> id = reader.string(typeEntry.value(), typePath);
        Optional<List<OptionSpec>> specs = id.flatMap(i -> specs(i, typeEntry.value().line(), typePath));
        if (specs.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        readOptions(map, path, id.get(), specs.get(), values, lines);
        return Optional.of(build(id.get(), specs.get(), values, lines, node, path));
    }

    private Optional<List<OptionSpec>> specs(String id, int line, String path) {
        Optional<List<OptionSpec>> specs = specsOf.apply(id);
        if (specs.isEmpty()) {
            reader.issues().error(line, path, "unknown " + kind + " \"" + id + "\"" + Suggestions.hint(id, knownIds)
                    + " (known " + kind + "s: " + (knownIds.isEmpty() ? "none" : String.join(", ", knownIds)) + ")");
        }
        return specs;
    }

    private void readOptions(YamlNode.Mapping map, String path, String id, List<OptionSpec> specs,
                             Map<String, Object> values, Map<String, Integer> lines) {
        Map<String, OptionSpec> byName = new LinkedHashMap<>();
        specs.forEach(s -> byName.put(s.name(), s));
        for (YamlNode.Entry e : map.entries().values()) {
            if (e.key().equals(TYPE)) {
                continue;
            }
            String optionPath = NodeReader.child(path, e.key());
            OptionSpec spec = byName.get(e.key());
            lines.put(e.key(), e.keyLine());
            if (spec == null) {
                reader.issues().error(e.keyLine(), optionPath, "unknown option \"" + e.key() + "\" of " + kind
                        + " \"" + id + "\"" + Suggestions.hint(e.key(), byName.keySet())
                        + " (options: " + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet())) + ")");
                continue;
            }
            value(spec, e.value(), optionPath, lines).ifPresent(v -> values.put(spec.name(), v));
        }
    }

    /** The option's value for {@link MapPluginOptions}, or empty after reporting why it does not fit. */
    private Optional<Object> value(OptionSpec spec, YamlNode node, String path, Map<String, Integer> lines) {
        Object raw;
        if (node instanceof YamlNode.Scalar s) {
            if (s.isNull()) {
                return reader.wrongType(node, path, "a value");
            }
            raw = OptionValues.of(spec, s);
        } else if (node instanceof YamlNode.Sequence seq) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < seq.items().size(); i++) {
                YamlNode item = seq.items().get(i);
                lines.put(spec.name() + "[" + i + "]", item.line());
                reader.string(item, path + "[" + i + "]").ifPresent(items::add);
            }
            raw = items;
        } else if (spec.type() == OptionType.STRING_MAP && node instanceof YamlNode.Mapping map) {
            Map<String, String> entries = new LinkedHashMap<>();
            for (YamlNode.Entry e : map.entries().values()) {
                lines.put(spec.name() + "." + e.key(), e.keyLine());
                reader.string(e.value(), NodeReader.child(path, e.key())).ifPresent(v -> entries.put(e.key(), v));
            }
            raw = entries;
        } else {
            raw = Map.of();
        }
        String error = MapPluginOptions.typeError(spec, raw);
        if (error != null) {
            reader.issues().error(node.line(), path, error + ", got " + node.describe());
            return Optional.empty();
        }
        return Optional.of(raw);
    }

    private PluginRef build(String id, List<OptionSpec> specs, Map<String, Object> values,
                            Map<String, Integer> lines, YamlNode node, String path) {
        for (OptionSpec spec : specs) {
            if (spec.required() && !values.containsKey(spec.name()) && !lines.containsKey(spec.name())) {
                reader.issues().error(node.line(), NodeReader.child(path, spec.name()),
                        "missing required option \"" + spec.name() + "\" of " + kind + " \"" + id + "\"");
            }
        }
        for (OptionSpec spec : specs) {
            if (spec.type() == OptionType.PROGRAM) {
                Object v = values.getOrDefault(spec.name(), spec.defaultValue());
                Integer line = lines.get(spec.name());
                checkProgram(v == null ? null : v.toString(), line == null ? node.line() : line,
                        NodeReader.child(path, spec.name()));
            }
        }
        return new PluginRef(id, new MapPluginOptions(specs, values), reader.issues().file(), node.line(), path,
                lines);
    }

    /**
     * A warning, not an error, when a program an action runs is not there: the file may be checked on
     * another host than the one it is for (an OpenBSD configuration kept in a Linux repository).
     */
    private void checkProgram(String program, int line, String path) {
        if (program == null || !program.startsWith("/")) {
            return; // the plugin itself refuses a relative path
        }
        Path p = Path.of(program);
        if (!Files.exists(p)) {
            reader.issues().warning(line, path, program + " does not exist on this host: every ban would fail here");
        } else if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
            reader.issues().warning(line, path, program + " is not an executable file: every ban would fail here");
        }
    }
}
