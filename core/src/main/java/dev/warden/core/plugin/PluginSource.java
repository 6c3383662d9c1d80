package dev.warden.core.plugin;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a filter or action factory comes from: built into Warden, or a jar of the plugin folder.
 *
 * @param jar the plugin jar; null for a built-in
 * @param version the jar's manifest {@code Implementation-Version} ({@value #UNKNOWN_VERSION} without one),
 *     or Warden's own version for a built-in; never null
 * @param sha256 the SHA-256 of the jar's bytes as discovery read them, 64 lower-case hex digits; null for a
 *     built-in
 */
public record PluginSource(Path jar, String version, String sha256) {

    /** The origin printed for a built-in. */
    public static final String BUILT_IN = "built-in";

    /** The version of a jar whose manifest has no {@code Implementation-Version}. */
    public static final String UNKNOWN_VERSION = "unknown";

    public PluginSource {
        Objects.requireNonNull(version, "version");
    }

    /** A built-in of this Warden version. */
    public static PluginSource builtIn(String wardenVersion) {
        return new PluginSource(null, wardenVersion, null);
    }

    /** Whether this is a built-in rather than a plugin jar. */
    public boolean isBuiltIn() {
        return jar == null;
    }

    /** {@value #BUILT_IN} or the jar's path, as {@code warden plugins} prints it. */
    public String origin() {
        return jar == null ? BUILT_IN : jar.toString();
    }

    /** {@value #BUILT_IN} or the jar's file name, for messages that name two sources. */
    public String name() {
        return jar == null ? BUILT_IN : jar.getFileName().toString();
    }
}
