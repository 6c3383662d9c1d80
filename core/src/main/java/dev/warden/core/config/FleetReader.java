package dev.warden.core.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the top-level {@code fleet} section ({@link FleetSettings}): every problem is reported at its
 * file:line and YAML path ({@code fleet.redis}); the section is empty when it is absent or unusable.
 */
final class FleetReader {

    static final String KEY = "fleet";

    private final NodeReader reader;
    private final PluginRefReader actions;

    FleetReader(NodeReader reader, PluginRefReader actions) {
        this.reader = reader;
        this.actions = actions;
    }

    /** The section of {@code top}; {@code jails} are the names {@code publish} may list. */
    Optional<FleetSettings> read(YamlNode.Mapping top, Set<String> jails) {
        YamlNode node = top.get(KEY);
        if (node == null) {
            return Optional.empty();
        }
        Optional<YamlNode.Mapping> section = reader.mapping(node, KEY);
        if (section.isEmpty()) {
            return Optional.empty();
        }
        YamlNode.Mapping map = section.get();
        reader.checkKeys(map, KEY, ConfigKeys.FLEET);
        Optional<RedisAddress> redis = redis(map);
        String node0 = node(map);
        String stream = Optional.ofNullable(map.get("stream")).flatMap(n -> reader.string(n, path("stream")))
                .filter(s -> nonBlank(s, map.get("stream"))).orElse(FleetSettings.DEFAULT_STREAM);
        Optional<Set<String>> publish = publish(map, jails);
        List<PluginRef> refs = Optional.ofNullable(map.get("actions")).map(n -> actions.list(n, path("actions")))
                .orElseGet(() -> {
                    reader.issues().error(map.line(), path("actions"), "missing required key \"actions\"");
                    return List.of();
                });
        if (redis.isEmpty() || refs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new FleetSettings(redis.get(), node0, stream, publish, refs));
    }

    private static String path(String key) {
        return NodeReader.child(KEY, key);
    }

    private Optional<RedisAddress> redis(YamlNode.Mapping map) {
        YamlNode node = map.get("redis");
        if (node == null) {
            reader.issues().error(map.line(), path("redis"), "missing required key \"redis\"");
            return Optional.empty();
        }
        Optional<String> text = reader.string(node, path("redis"));
        Optional<RedisAddress> address = text.flatMap(RedisAddress::parse);
        if (text.isPresent() && address.isEmpty()) {
            reader.issues().error(node.line(), path("redis"), "expected redis://[USER:PASSWORD@]HOST[:PORT][/DB]"
                    + " (rediss:// for TLS), got \"" + text.get().replaceAll(":[^:@/]*@", ":***@") + "\"");
        }
        return address;
    }

    private String node(YamlNode.Mapping map) {
        YamlNode node = map.get("node");
        if (node == null) {
            return hostName();
        }
        Optional<String> name = reader.string(node, path("node"));
        if (name.isPresent() && !FleetSettings.NODE.matcher(name.get()).matches()) {
            reader.issues().error(node.line(), path("node"), "node name \"" + name.get()
                    + "\" must be 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit");
            return hostName();
        }
        return name.orElseGet(FleetReader::hostName);
    }

    /** The host's name up to its first dot, as a node name: {@link FleetSettings#localNode()}. */
    static String hostName() {
        return FleetSettings.localNode();
    }

    private boolean nonBlank(String text, YamlNode node) {
        if (text.isBlank()) {
            reader.issues().error(node.line(), path("stream"), "must not be empty");
            return false;
        }
        return true;
    }

    private Optional<Set<String>> publish(YamlNode.Mapping map, Set<String> jails) {
        YamlNode node = map.get("publish");
        if (node == null) {
            return Optional.empty();
        }
        Set<String> names = new LinkedHashSet<>();
        for (NodeReader.Item item : reader.items(node, path("publish"), true).orElse(List.of())) {
            if (!jails.contains(item.text())) {
                reader.issues().error(item.line(), item.path(), "no jail \"" + item.text() + "\""
                        + Suggestions.hint(item.text(), jails));
            }
            names.add(item.text());
        }
        return Optional.of(names);
    }
}
