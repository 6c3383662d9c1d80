package dev.warden.core.config;

import dev.warden.core.spi.OptionSpec;

/**
 * Which Java value a YAML scalar becomes for a plugin option. Options read as text (strings, paths,
 * choices, durations, lists) get the scalar exactly as written, so {@code table: 010} stays "010" and
 * {@code version: 1.10} stays "1.10"; numeric and boolean options get what YAML typed (Long, Double,
 * Boolean), falling back to the text when YAML typed it otherwise (a quoted {@code "10"}).
 */
final class OptionValues {

    private OptionValues() {
    }

    static Object of(OptionSpec spec, YamlNode.Scalar scalar) {
        Object typed = scalar.value();
        return switch (spec.type()) {
            case INTEGER -> typed instanceof Long ? typed : scalar.text();
            case DECIMAL -> typed instanceof Long || typed instanceof Double ? typed : scalar.text();
            case BOOLEAN -> typed instanceof Boolean ? typed : scalar.text();
            case STRING, PATH, PROGRAM, CHOICE, DURATION, STRING_LIST, STRING_MAP -> scalar.text();
        };
    }
}
