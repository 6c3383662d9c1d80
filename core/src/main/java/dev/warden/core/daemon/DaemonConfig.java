package dev.warden.core.daemon;

import dev.warden.core.config.WardenConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A loaded configuration with its enabled jails built, ready to run.
 *
 * @param fleetActions the {@code fleet} section's actions, built (not started); empty without a fleet
 */
public record DaemonConfig(WardenConfig config, Map<String, JailParts> jails,
                           java.util.Optional<dev.warden.core.engine.ActionDispatcher> fleetActions) {

    public DaemonConfig {
        Objects.requireNonNull(config, "config");
        jails = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(jails));
        Objects.requireNonNull(fleetActions, "fleetActions");
    }

    /** Without a fleet's actions. */
    public DaemonConfig(WardenConfig config, Map<String, JailParts> jails) {
        this(config, jails, java.util.Optional.empty());
    }

    /** Builds the configuration afresh (at start and on every reload). */
    @FunctionalInterface
    public interface Loader {
        /** @throws ConfigRefused listing every error found, when the configuration cannot be used */
        DaemonConfig load() throws ConfigRefused;
    }
}
