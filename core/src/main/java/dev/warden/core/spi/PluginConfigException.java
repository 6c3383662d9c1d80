package dev.warden.core.spi;

import java.util.Objects;

/**
 * An option value that has the right type but cannot be used. Core reports it as a config issue at the
 * option's file, line and YAML path.
 */
public class PluginConfigException extends Exception {

    private final String option;

    /**
     * @param option the option's path below the plugin's options, e.g. {@code "fail"} or {@code "fail[2]"}
     * @param message what is wrong, in the operator's words
     */
    public PluginConfigException(String option, String message) {
        super(message);
        this.option = Objects.requireNonNull(option, "option");
    }

    /** The option's path below the plugin's options. Never null. */
    public String option() {
        return option;
    }
}
