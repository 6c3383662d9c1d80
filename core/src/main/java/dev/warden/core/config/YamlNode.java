package dev.warden.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML value that remembers the 1-based line it starts on (Jackson's tree forgets locations).
 * Read with {@code instanceof} patterns.
 */
sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Sequence, YamlNode.Mapping {

    /** The 1-based line where the value starts. */
    int line();

    /** What the value is, for "expected a list, got a map" messages. */
    String describe();

    /**
     * A scalar as YAML typed it.
     *
     * @param value a String, Long, Double or Boolean; null for YAML null ({@code ~}, {@code null} or nothing)
     * @param text the scalar as written (empty for an absent value)
     */
    record Scalar(Object value, String text, int line) implements YamlNode {
        public boolean isNull() {
            return value == null;
        }

        @Override
        public String describe() {
            return value == null ? "nothing" : "\"" + text + "\"";
        }
    }

    /** A list. */
    record Sequence(List<YamlNode> items, int line) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A map with string keys, in document order. */
    record Mapping(Map<String, Entry> entries, int line) implements YamlNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        /** The value of {@code key}, or null. */
        public YamlNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        @Override
        public String describe() {
            return "a map";
        }
    }

    /** One key of a mapping, with the line the key is on. */
    record Entry(String key, int keyLine, YamlNode value) {
    }
}
