package dev.warden.core.api;

import java.util.Objects;

/**
 * A jar of the plugin folder whose code Warden loaded ({@link Plugins#jars()}), for the record of what ran.
 * Every field is non-null.
 *
 * @param path the jar's path, under the plugin folder as it was named
 * @param version the jar's {@code Implementation-Version}, {@code unknown} without one
 * @param sha256 the SHA-256 of the jar's bytes as discovery read them: 64 lower-case hex digits
 */
public record PluginJarInfo(String path, String version, String sha256) {

    public PluginJarInfo {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
    }
}
