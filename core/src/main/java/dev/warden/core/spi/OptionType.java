package dev.warden.core.spi;

/** The YAML type of a plugin option, checked by core before the plugin sees it. */
public enum OptionType {
    /** A scalar string. */
    STRING,
    /** A whole number. */
    INTEGER,
    /** A number with an optional fraction. */
    DECIMAL,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A duration: {@code 90s}, {@code 10m}, {@code 1h}, {@code 5d}, {@code 1w}, or bare seconds. */
    DURATION,
    /** A file system path. */
    PATH,
    /**
     * The absolute path of a program the plugin runs (read like {@link #PATH}); {@code warden validate}
     * warns when it is not an executable file on this host, before a ban fails on it.
     */
    PROGRAM,
    /** A list of strings (a single string is accepted as a one-element list). */
    STRING_LIST,
    /**
     * A map of names to strings ({@code pieces: {host: '\\S+'}}), keys in the order written; read with
     * {@link PluginOptions#stringMap}. No default value can be declared: unset is an empty map.
     */
    STRING_MAP,
    /** One of {@link OptionSpec#choices()}. */
    CHOICE
}
