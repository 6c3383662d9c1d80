package dev.warden.core.config;

import dev.warden.core.log.TimePattern;
import dev.warden.core.net.IgnoreList;
import dev.warden.core.net.PrefixLengths;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads and checks one jail under {@code jails}. */
final class JailReader {

    /** The key of a jail's own time shape. */
    static final String TIME_FORMAT = "time-format";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final NodeReader reader;
    private final IgnoreSection ignoreSection;
    private final PluginRefReader filters;
    private final PluginRefReader actions;
    private final ZoneId defaultZone;

    JailReader(NodeReader reader, IgnoreSection ignoreSection, PluginRefReader filters, PluginRefReader actions,
               ZoneId defaultZone) {
        this.reader = reader;
        this.ignoreSection = ignoreSection;
        this.filters = filters;
        this.actions = actions;
        this.defaultZone = defaultZone;
    }

    /** The jail, or empty when a part without default (filter, actions) is unusable; issues are reported. */
    Optional<JailDefinition> read(YamlNode.Entry entry, String jailsPath, IgnoreList global, boolean globalIgnoreSelf,
                                  PrefixLengths globalPrefixes) {
        String name = entry.key();
        String path = NodeReader.child(jailsPath, name);
        if (!NAME.matcher(name).matches()) {
            reader.issues().error(entry.keyLine(), path,
                    "jail name \"" + name + "\" may only use letters, digits, '.', '_' and '-'");
        }
        Optional<YamlNode.Mapping> jail = reader.mapping(entry.value(), path);
        if (jail.isEmpty()) {
            return Optional.empty();
        }
        YamlNode.Mapping map = jail.get();
        reader.checkKeys(map, path, ConfigKeys.JAIL);
        boolean enabled = optional(map, "enabled").flatMap(n -> reader.bool(n, NodeReader.child(path, "enabled")))
                .orElse(true);
        Optional<SourceSpec> source = source(map, path);
        List<String> logs = map.get(ConfigKeys.SOURCE) != null && map.get("logs") == null ? List.of()
                : map.get("logs") == null ? noLogs(map, path) : logs(map, path);
        Optional<PluginRef> filter = required(map, path, "filter")
                .flatMap(n -> filters.read(n, NodeReader.child(path, "filter")));
        int maxRetry = maxRetry(map, path);
        Duration findTime = optional(map, "find-time")
                .flatMap(n -> reader.duration(n, NodeReader.child(path, "find-time")))
                .orElse(JailDefinition.DEFAULT_FIND_TIME);
        Duration banTime = banTime(map, path);
        warnIfUnlikely(map, path, findTime, banTime);
        BanTimeIncrement increment = new BanTimeIncrementReader(reader).read(map, path, banTime);
        int maxTracked = positive(map, path, "max-tracked", JailDefinition.DEFAULT_MAX_TRACKED);
        PrefixLengths prefixes = new PrefixLengthsReader(reader).read(map, path, globalPrefixes);
        Map<String, Double> weights = weights(map, path);
        List<PluginRef> actionRefs = actions(map, path);
        IgnoreList ignore = ignoreSection.read(map, path).union(global);
        boolean ignoreSelf = optional(map, IgnoreSection.IGNORE_SELF)
                .flatMap(n -> reader.bool(n, NodeReader.child(path, IgnoreSection.IGNORE_SELF))).orElse(globalIgnoreSelf);
        ZoneId zone = optional(map, "timezone").flatMap(n -> zone(n, NodeReader.child(path, "timezone")))
                .orElse(defaultZone);
        Optional<TimePattern> timeFormat = optional(map, TIME_FORMAT)
                .flatMap(n -> timeFormat(n, NodeReader.child(path, TIME_FORMAT)));
        if (filter.isEmpty() || actionRefs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new JailDefinition(name, enabled, logs, filter.get(), maxRetry, findTime, banTime,
                actionRefs, ignore, ignoreSelf, zone, increment, maxTracked, weights, prefixes, source,
                timeFormat));
    }

    /** Neither {@code logs} nor {@code source}: the error says both are possible. */
    private List<String> noLogs(YamlNode.Mapping map, String path) {
        reader.issues().error(map.line(), NodeReader.child(path, "logs"), "missing required key \"logs\" (or a"
                + " \"source\": source: {type: journal, unit: NAME} or {type: command, argv: [...]})");
        return List.of();
    }

    /** The jail's {@code source}, read with {@link SourceReader}; with {@code logs} too, an error. */
    private Optional<SourceSpec> source(YamlNode.Mapping map, String path) {
        YamlNode node = map.get(ConfigKeys.SOURCE);
        if (node == null) {
            return Optional.empty();
        }
        String sourcePath = NodeReader.child(path, ConfigKeys.SOURCE);
        if (map.get("logs") != null) {
            reader.issues().error(node.line(), sourcePath, "a jail reads \"logs\" or a \"source\", not both: write"
                    + " one jail for each (they may share a filter and actions)");
        }
        return new SourceReader(reader).read(node, sourcePath);
    }

    /**
     * Warnings (the file is still valid) for settings that are legal but almost surely not meant: a
     * find-time under a minute, in which failures hardly ever add up (fail2ban's default is 10m), and a
     * ban-time shorter than find-time (the two swapped, as often as not).
     */
    private void warnIfUnlikely(YamlNode.Mapping map, String path, Duration findTime, Duration banTime) {
        YamlNode find = map.get("find-time");
        if (find != null && findTime.compareTo(Duration.ofMinutes(1)) < 0) {
            reader.issues().warning(find.line(), NodeReader.child(path, "find-time"), "find-time "
                    + Durations.format(findTime) + " is shorter than a minute: failures further apart never add up"
                    + " to a ban (fail2ban's findtime defaults to 10m)");
        }
        if (banTime.compareTo(findTime) < 0) {
            YamlNode ban = map.get("ban-time");
            reader.issues().warning(ban != null ? ban.line() : find != null ? find.line() : map.line(),
                    NodeReader.child(path, "ban-time"), "ban-time " + Durations.format(banTime)
                            + " is shorter than find-time " + Durations.format(findTime)
                            + ": are the two swapped?");
        }
    }

    private static Optional<YamlNode> optional(YamlNode.Mapping map, String key) {
        return Optional.ofNullable(map.get(key));
    }

    private Optional<YamlNode> required(YamlNode.Mapping map, String path, String key) {
        YamlNode node = map.get(key);
        if (node == null) {
            reader.issues().error(map.line(), NodeReader.child(path, key), "missing required key \"" + key + "\"");
        }
        return Optional.ofNullable(node);
    }

    /** Absolute log paths. A plain path that does not exist is a warning; a glob may match nothing yet. */
    private List<String> logs(YamlNode.Mapping map, String path) {
        List<String> logs = new ArrayList<>();
        Optional<YamlNode> node = required(map, path, "logs");
        List<NodeReader.Item> items = node.flatMap(n -> reader.items(n, NodeReader.child(path, "logs"), true))
                .orElse(List.of());
        if (node.isPresent() && node.get() instanceof YamlNode.Sequence seq && seq.items().isEmpty()) {
            reader.issues().error(seq.line(), NodeReader.child(path, "logs"), "expected at least one log file");
        }
        for (NodeReader.Item item : items) {
            Optional<Path> log = reader.path(item.text(), item.line(), item.path());
            log.ifPresent(p -> logs.add(p.toString()));
            if (log.isPresent() && Files.isDirectory(log.get())) {
                reader.issues().error(item.line(), item.path(), "log path is a directory: " + log.get());
            } else if (log.isPresent() && !isGlob(item.text()) && !Files.exists(log.get())) {
                // Not an error: one jail's log not there yet (a daemon installed but not started, a typo)
                // must not keep the other jails from running; the daemon reads it once it appears.
                reader.issues().warning(item.line(), item.path(), "log file not found: " + log.get()
                        + " (read once it appears)");
            }
        }
        return logs;
    }

    static boolean isGlob(String path) {
        return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0;
    }

    private int maxRetry(YamlNode.Mapping map, String path) {
        return positive(map, path, "max-retry", JailDefinition.DEFAULT_MAX_RETRY);
    }

    /** A whole number between 1 and {@code Integer.MAX_VALUE} at {@code key}, or {@code defaultValue}. */
    private int positive(YamlNode.Mapping map, String path, String key, int defaultValue) {
        return reader.boundedInt(map, path, key, 1, Integer.MAX_VALUE, defaultValue);
    }

    /** {@code weights: {KIND: NUMBER}}, each between 0 and 1000. */
    private Map<String, Double> weights(YamlNode.Mapping map, String path) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        YamlNode node = map.get("weights");
        if (node == null) {
            return out;
        }
        String keyPath = NodeReader.child(path, "weights");
        for (YamlNode.Entry e : reader.mapping(node, keyPath).map(m -> m.entries().values()).orElse(List.of())) {
            String kindPath = NodeReader.child(keyPath, e.key());
            reader.number(e.value(), kindPath).ifPresent(w -> {
                if (w < 0 || w > 1000) {
                    reader.issues().error(e.value().line(), kindPath, "must be between 0 and 1000, got " + w);
                } else {
                    out.put(e.key(), w);
                }
            });
        }
        return out;
    }

    private Duration banTime(YamlNode.Mapping map, String path) {
        String keyPath = NodeReader.child(path, "ban-time");
        Optional<Duration> value = optional(map, "ban-time").flatMap(n -> reader.duration(n, keyPath));
        if (value.isPresent() && value.get().isZero()) {
            reader.issues().error(map.get("ban-time").line(), keyPath, "must be longer than 0s");
        }
        return value.filter(d -> !d.isZero()).orElse(JailDefinition.DEFAULT_BAN_TIME);
    }

    private List<PluginRef> actions(YamlNode.Mapping map, String path) {
        return required(map, path, "actions").map(n -> actions.list(n, NodeReader.child(path, "actions")))
                .orElse(List.of());
    }

    /** A {@code time-format}: a strftime-like pattern ({@link TimePattern}); an error names what is wrong. */
    private Optional<TimePattern> timeFormat(YamlNode node, String path) {
        return reader.string(node, path).flatMap(text -> {
            try {
                return Optional.of(TimePattern.compile(text));
            } catch (IllegalArgumentException e) {
                reader.issues().error(node.line(), path, e.getMessage());
                return Optional.empty();
            }
        });
    }

    private Optional<ZoneId> zone(YamlNode node, String path) {
        return reader.string(node, path).flatMap(text -> {
            try {
                return Optional.of(ZoneId.of(text));
            } catch (DateTimeException e) {
                reader.issues().error(node.line(), path, "unknown time zone \"" + text + "\""
                        + Suggestions.hint(text, ZoneId.getAvailableZoneIds()));
                return Optional.empty();
            }
        });
    }
}
