package dev.warden.core.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Typed reads of {@link YamlNode}s for the validators. Each method reports a wrong type or value as an
 * issue at the node's line and the given YAML path, and returns empty, so callers carry on.
 */
final class NodeReader {

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,12}(\\.\\d{1,9})?");

    private final Issues issues;
    private final Path baseDir;

    /** @param baseDir the directory relative paths resolve against (the config file's) */
    NodeReader(Issues issues, Path baseDir) {
        this.issues = issues;
        this.baseDir = baseDir;
    }

    Issues issues() {
        return issues;
    }

    /** {@code parent.key}, or {@code key} at the top. */
    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** Reports every key of {@code map} not in {@code known}, suggesting the closest known key. */
    void checkKeys(YamlNode.Mapping map, String path, Set<String> known) {
        for (YamlNode.Entry e : map.entries().values()) {
            if (!known.contains(e.key())) {
                issues.error(e.keyLine(), child(path, e.key()),
                        "unknown key \"" + e.key() + "\"" + Suggestions.hint(e.key(), known));
            }
        }
    }

    Optional<YamlNode.Mapping> mapping(YamlNode node, String path) {
        if (node instanceof YamlNode.Mapping m) {
            return Optional.of(m);
        }
        return wrongType(node, path, "a map");
    }

    /** A non-null scalar's text. */
    Optional<String> string(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s && !s.isNull()) {
            return Optional.of(s.text());
        }
        return wrongType(node, path, "a string");
    }

    /** One string of a list, with its own YAML path ({@code logs[2]}, or {@code logs} for a lone string). */
    record Item(YamlNode.Scalar node, String path) {
        String text() {
            return node.text();
        }

        int line() {
            return node.line();
        }
    }

    /**
     * The scalars of a list, each reported at {@code path[i]} and skipped when it is not a non-null scalar;
     * with {@code singleAllowed}, one scalar counts as a list of one.
     */
    Optional<List<Item>> items(YamlNode node, String path, boolean singleAllowed) {
        if (singleAllowed && node instanceof YamlNode.Scalar s && !s.isNull()) {
            return Optional.of(List.of(new Item(s, path)));
        }
        if (!(node instanceof YamlNode.Sequence seq)) {
            return wrongType(node, path, singleAllowed ? "a string or a list" : "a list");
        }
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            YamlNode item = seq.items().get(i);
            String itemPath = path + "[" + i + "]";
            if (item instanceof YamlNode.Scalar s && !s.isNull()) {
                out.add(new Item(s, itemPath));
            } else {
                wrongType(item, itemPath, "a string");
            }
        }
        return Optional.of(out);
    }

    Optional<Long> wholeNumber(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s && !(s.value() instanceof Boolean)
                && WHOLE_NUMBER.matcher(s.text().strip()).matches()) {
            return Optional.of(Long.parseLong(s.text().strip()));
        }
        return wrongType(node, path, "a whole number");
    }

    /**
     * The whole number at {@code key} of {@code map} between {@code min} and {@code max}, or {@code defaultValue}
     * when the key is absent or the value wrong (reported at its line).
     */
    int boundedInt(YamlNode.Mapping map, String path, String key, long min, long max, int defaultValue) {
        YamlNode node = map.get(key);
        if (node == null) {
            return defaultValue;
        }
        String keyPath = child(path, key);
        Optional<Long> value = wholeNumber(node, keyPath);
        if (value.isPresent() && (value.get() < min || value.get() > max)) {
            issues.error(node.line(), keyPath, "must be between " + min + " and " + max + ", got " + value.get());
            return defaultValue;
        }
        return value.map(Long::intValue).orElse(defaultValue);
    }

    /** A finite decimal number such as {@code 2} or {@code 1.5}. */
    Optional<Double> number(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s && !(s.value() instanceof Boolean)
                && DECIMAL.matcher(s.text().strip()).matches()) {
            return Optional.of(Double.parseDouble(s.text().strip()));
        }
        return wrongType(node, path, "a number");
    }

    Optional<Boolean> bool(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s && s.value() instanceof Boolean b) {
            return Optional.of(b);
        }
        if (node instanceof YamlNode.Scalar s && (s.text().equals("true") || s.text().equals("false"))) {
            return Optional.of(s.text().equals("true")); // quoted, as plugin BOOLEAN options also accept
        }
        return wrongType(node, path, "true or false");
    }

    Optional<Duration> duration(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s && !s.isNull() && !(s.value() instanceof Boolean)) {
            Optional<Duration> d = Durations.parse(s.text());
            if (d.isPresent()) {
                return d;
            }
        }
        return wrongType(node, path, "a duration such as 90s, 10m, 1h, 5d or 1w");
    }

    /** A path, resolved against the config file's directory when relative. */
    Optional<Path> path(YamlNode node, String path) {
        Optional<String> text = string(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return path(text.get(), node.line(), path);
    }

    Optional<Path> path(String text, int line, String path) {
        if (text.isBlank()) {
            issues.error(line, path, "expected a path, got \"" + text + "\"");
            return Optional.empty();
        }
        try {
            return Optional.of(baseDir.resolve(text).normalize());
        } catch (InvalidPathException e) {
            issues.error(line, path, "not a valid path: \"" + text + "\"");
            return Optional.empty();
        }
    }

    /** Reports "expected WHAT, got ..." and returns empty. */
    <T> Optional<T> wrongType(YamlNode node, String path, String what) {
        issues.error(node.line(), path, "expected " + what + ", got " + node.describe());
        return Optional.empty();
    }
}
