package dev.warden.core.plugin;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a filter or action factory comes from: built into Warden, Warden's filter library, a jar of the plugin
 * folder, or a named filter definition of the operator's filter folder.
 *
 * @param jar the plugin jar; null for a built-in
 * @param version the jar's manifest {@code Implementation-Version} ({@value #UNKNOWN_VERSION} without one),
 *     or Warden's own version for a built-in; never null
 * @param sha256 the SHA-256 of the jar's bytes as discovery read them, 64 lower-case hex digits; null for a
 *     built-in
 * @param label what {@link #origin()} prints instead of {@value #BUILT_IN} or the path ({@value #LIBRARY}); may be null
 */
public record PluginSource(Path jar, String version, String sha256, String label) {

    /** The origin printed for a built-in. */
    public static final String BUILT_IN = "built-in";

    /** The origin printed for a named filter of Warden's filter library (shipped with it, like a built-in). */
    public static final String LIBRARY = "library";

    /** The version of a jar whose manifest has no {@code Implementation-Version}. */
    public static final String UNKNOWN_VERSION = "unknown";

    public PluginSource {
        Objects.requireNonNull(version, "version");
    }

    /** A source printed as its jar's path, or as {@value #BUILT_IN} without one. */
    public PluginSource(Path jar, String version, String sha256) {
        this(jar, version, sha256, null);
    }

    /** A named filter of Warden's own filter library: built in, and listed as {@value #LIBRARY}. */
    public static PluginSource library(String wardenVersion) {
        return new PluginSource(null, wardenVersion, null, LIBRARY);
    }

    /** A built-in of this Warden version. */
    public static PluginSource builtIn(String wardenVersion) {
        return new PluginSource(null, wardenVersion, null);
    }

    /** Whether this is a built-in rather than a plugin jar. */
    public boolean isBuiltIn() {
        return jar == null;
    }

    /** {@value #BUILT_IN}, {@value #LIBRARY} or the jar's (or definition's) path, as {@code warden plugins} shows. */
    public String origin() {
        return label != null ? label : jar == null ? BUILT_IN : jar.toString();
    }

    /** {@value #BUILT_IN}, {@value #LIBRARY} or the file name, for messages that name two sources. */
    public String name() {
        return label != null ? label : jar == null ? BUILT_IN : jar.getFileName().toString();
    }
}
