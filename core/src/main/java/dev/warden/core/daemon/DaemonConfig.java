package dev.warden.core.daemon;

import dev.warden.core.config.WardenConfig;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A loaded configuration with its enabled jails built, ready to run. */
public record DaemonConfig(WardenConfig config, Map<String, JailParts> jails) {

    public DaemonConfig {
        Objects.requireNonNull(config, "config");
        jails = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(jails));
    }

    /** Builds the configuration afresh (at start and on every reload). */
    @FunctionalInterface
    public interface Loader {
        /** @throws ConfigRefused listing every error found, when the configuration cannot be used */
        DaemonConfig load() throws ConfigRefused;
    }
}
