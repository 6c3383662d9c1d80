package dev.warden.core.config;

import dev.warden.core.net.IgnoreList;
import dev.warden.core.net.PrefixLengths;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the top level of the file: global ignore list, paths, and every jail. */
final class TopLevelReader {

    private final NodeReader reader;
    private final JailReader jails;
    private final IgnoreSection ignoreSection;
    private final FleetReader fleet;

    TopLevelReader(NodeReader reader, JailReader jails, IgnoreSection ignoreSection, FleetReader fleet) {
        this.reader = reader;
        this.jails = jails;
        this.ignoreSection = ignoreSection;
        this.fleet = fleet;
    }

    /** The configuration, or empty when it has no usable jails; issues are reported either way. */
    Optional<WardenConfig> read(YamlNode root, Path source) {
        Optional<YamlNode.Mapping> top = reader.mapping(root, "");
        if (top.isEmpty()) {
            return Optional.empty();
        }
        YamlNode.Mapping map = top.get();
        reader.checkKeys(map, "", ConfigKeys.TOP_LEVEL);
        IgnoreList global = ignoreSection.read(map, "");
        Path stateDir = path(map, "state-dir", WardenConfig.DEFAULT_STATE_DIR);
        Path socket = path(map, "socket", WardenConfig.DEFAULT_SOCKET);
        Path pluginDir = path(map, "plugin-dir", WardenConfig.DEFAULT_PLUGIN_DIR);
        path(map, "filter-dir", WardenConfig.DEFAULT_FILTER_DIR); // checked here, used by discovery (ConfigLoader.pluginFolders)
        Duration poll = boundedDuration(map, "poll-interval", Duration.ofMillis(10), Duration.ofMinutes(1),
                WardenConfig.DEFAULT_POLL_INTERVAL);
        Duration save = boundedDuration(map, "save-interval", Duration.ofSeconds(1), Duration.ofHours(1),
                WardenConfig.DEFAULT_SAVE_INTERVAL);
        Duration retry = boundedDuration(map, "retry-interval", Duration.ofSeconds(1), Duration.ofHours(1),
                WardenConfig.DEFAULT_RETRY_INTERVAL);
        MetricsSettings metrics = metrics(map);
        boolean unbanOnStop = Optional.ofNullable(map.get("unban-on-stop"))
                .flatMap(n -> reader.bool(n, "unban-on-stop")).orElse(false);
        boolean ignoreSelf = Optional.ofNullable(map.get(IgnoreSection.IGNORE_SELF))
                .flatMap(n -> reader.bool(n, IgnoreSection.IGNORE_SELF)).orElse(true);
        PrefixLengths prefixes = new PrefixLengthsReader(reader).read(map, "", PrefixLengths.FULL);
        Map<String, JailDefinition> definitions = jails(map, global, ignoreSelf, prefixes);
        Optional<FleetSettings> fleetSettings = fleet.read(map, jailNames(map));
        if (definitions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WardenConfig(source, global, definitions, stateDir, socket, pluginDir, poll,
                save, retry, unbanOnStop, metrics, fleetSettings));
    }

    /**
     * Only the path under {@code key} of {@code root} (or {@code defaultValue} when the key is absent); empty
     * when root is not a map or the value not a path.
     */
    static Optional<Path> path(YamlNode root, NodeReader reader, String key, String defaultValue) {
        Optional<YamlNode.Mapping> top = reader.mapping(root, "");
        if (top.isEmpty()) {
            return Optional.empty();
        }
        YamlNode node = top.get().get(key);
        return node == null ? Optional.of(Path.of(defaultValue)) : reader.path(node, key);
    }

    /** The duration under {@code key}, between {@code min} and {@code max}; the default when absent or wrong. */
    private Duration boundedDuration(YamlNode.Mapping map, String key, Duration min, Duration max, Duration dflt) {
        YamlNode node = map.get(key);
        if (node == null) {
            return dflt;
        }
        Optional<Duration> d = reader.duration(node, key);
        if (d.isPresent() && (d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0)) {
            reader.issues().error(node.line(), key, "must be between " + Durations.format(min) + " and "
                    + Durations.format(max) + ", got " + Durations.format(d.get()));
            return dflt;
        }
        return d.orElse(dflt);
    }

    /** {@code metrics-listen: HOST:PORT} (an IP address or localhost; IPv6 in brackets) and {@code metrics-file}. */
    private MetricsSettings metrics(YamlNode.Mapping map) {
        String host = null;
        int port = 0;
        YamlNode listen = map.get("metrics-listen");
        if (listen != null) {
            Optional<String> text = reader.string(listen, "metrics-listen");
            if (text.isPresent()) {
                Optional<MetricsSettings> parsed = listenAddress(text.get());
                if (parsed.isEmpty()) {
                    reader.issues().error(listen.line(), "metrics-listen", "expected HOST:PORT with HOST an IP address"
                            + " or localhost and PORT 1-65535 (127.0.0.1:9632, [::1]:9632), got \"" + text.get() + "\"");
                } else {
                    host = parsed.get().listenHost();
                    port = parsed.get().listenPort();
                }
            }
        }
        YamlNode fileNode = map.get("metrics-file");
        Path file = fileNode == null ? null : reader.path(fileNode, "metrics-file").orElse(null);
        return host == null && file == null ? MetricsSettings.NONE : new MetricsSettings(host, port, file);
    }

    /** {@code text} as a listener address, or empty. */
    static Optional<MetricsSettings> listenAddress(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
            if (host.indexOf(':') < 0) {
                return Optional.empty();
            }
        } else if (host.indexOf(':') >= 0) {
            return Optional.empty(); // IPv6 without brackets: where the port starts is a guess
        }
        if (!host.equals("localhost") && dev.warden.core.spi.IpAddress.parse(host).isEmpty()) {
            return Optional.empty();
        }
        String portText = text.substring(colon + 1);
        if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        int port = Integer.parseInt(portText);
        return port < 1 || port > 65535 ? Optional.empty() : Optional.of(new MetricsSettings(host, port, null));
    }

    private Path path(YamlNode.Mapping map, String key, String defaultValue) {
        YamlNode node = map.get(key);
        return node == null ? Path.of(defaultValue) : reader.path(node, key).orElse(Path.of(defaultValue));
    }

    /** The names under {@code jails}, usable or not: {@code fleet.publish} may name a jail that has errors. */
    private static java.util.Set<String> jailNames(YamlNode.Mapping map) {
        return map.get("jails") instanceof YamlNode.Mapping m ? m.entries().keySet() : java.util.Set.of();
    }

    private Map<String, JailDefinition> jails(YamlNode.Mapping map, IgnoreList global, boolean ignoreSelf,
                                              PrefixLengths prefixes) {
        Map<String, JailDefinition> definitions = new LinkedHashMap<>();
        YamlNode node = map.get("jails");
        if (node == null) {
            reader.issues().error(map.line(), "jails", "missing required key \"jails\"");
            return definitions;
        }
        if (node instanceof YamlNode.Scalar s && s.isNull()
                || node instanceof YamlNode.Mapping m && m.entries().isEmpty()) {
            reader.issues().error(node.line(), "jails", "no jails defined");
            return definitions;
        }
        Optional<YamlNode.Mapping> jailMap = reader.mapping(node, "jails");
        for (YamlNode.Entry entry : jailMap.map(m -> m.entries().values()).orElse(List.of())) {
            jails.read(entry, "jails", global, ignoreSelf, prefixes).ifPresent(j -> definitions.put(j.name(), j));
        }
        return definitions;
    }
}
