package dev.warden.core.spi;

import java.util.List;
import java.util.Objects;

/**
 * The declaration of one option of a filter or action: what {@code validate} checks and
 * {@code warden plugins --describe} prints.
 *
 * @param name the YAML key, kebab-case
 * @param type its type
 * @param defaultValue the default as YAML would write it ({@code "30s"}, {@code "1000"}), or null for none
 * @param required whether the operator must set it
 * @param description one line for operators
 * @param choices the allowed values for {@link OptionType#CHOICE}; empty otherwise
 */
public record OptionSpec(String name, OptionType type, String defaultValue, boolean required,
                         String description, List<String> choices) {

    public OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        choices = List.copyOf(choices);
        if (type == OptionType.CHOICE && choices.isEmpty()) {
            throw new IllegalArgumentException("choice option " + name + " needs choices");
        }
        if (required && defaultValue != null) {
            throw new IllegalArgumentException("required option " + name + " cannot have a default");
        }
    }

    /** An optional option with a default (null for none). */
    public static OptionSpec optional(String name, OptionType type, String defaultValue, String description) {
        return new OptionSpec(name, type, defaultValue, false, description, List.of());
    }

    /** A required option. */
    public static OptionSpec required(String name, OptionType type, String description) {
        return new OptionSpec(name, type, null, true, description, List.of());
    }

    /** An optional choice among fixed values. */
    public static OptionSpec choice(String name, String defaultValue, String description, String... choices) {
        return new OptionSpec(name, OptionType.CHOICE, defaultValue, false, description, List.of(choices));
    }
}
