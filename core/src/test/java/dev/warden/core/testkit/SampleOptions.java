package dev.warden.core.testkit;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code # options: {mode: aggressive, fail: ['a', 'b']}} header of an annotated sample log: a
 * YAML flow mapping of option names to scalars or lists of scalars. Values are kept as the text YAML
 * wrote ({@code 010} stays "010"), as the config loader hands text options to plugins; numeric and
 * boolean options parse that text the same way.
 */
final class SampleOptions {

    static final String PREFIX = "# options:";

    private static final YAMLFactory YAML = new YAMLFactory();

    private SampleOptions() {
    }

    /** The options of the first {@code # options:} line, or none when there is no such line. */
    static Map<String, Object> of(List<String> lines) {
        for (String line : lines) {
            if (line.startsWith(PREFIX)) {
                return parse(line.substring(PREFIX.length()).trim());
            }
        }
        return Map.of();
    }

    /** Parses one YAML flow mapping; throws IllegalArgumentException naming what is wrong. */
    static Map<String, Object> parse(String mapping) {
        try (YAMLParser p = YAML.createParser(mapping)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad(mapping, "not a mapping");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_ARRAY) {
                    List<String> items = new ArrayList<>();
                    for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
                        items.add(scalar(p, i, mapping, name));
                    }
                    out.put(name, items);
                } else {
                    out.put(name, scalar(p, value, mapping, name));
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + PREFIX + " " + mapping + "' is not YAML: " + e.getMessage(), e);
        }
    }

    private static String scalar(YAMLParser p, JsonToken t, String mapping, String name) throws IOException {
        if (!t.isScalarValue() || t == JsonToken.VALUE_NULL) {
            throw bad(mapping, "option " + name + " needs a value, a string or a list of strings");
        }
        return p.getText();
    }

    private static IllegalArgumentException bad(String mapping, String why) {
        return new IllegalArgumentException("'" + PREFIX + " " + mapping + "': " + why
                + " (write a YAML flow mapping such as {mode: aggressive})");
    }
}
