package dev.warden.core.api;

import dev.warden.core.spi.OptionSpec;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One filter or action of {@link Plugins}, as {@code warden plugins} lists it. Every field is non-null.
 *
 * @param origin {@code built-in}, or the path of the plugin jar it came from
 * @param version the jar's {@code Implementation-Version} ({@code unknown} without one), or Warden's own
 *     version for a built-in
 * @param sha256 the SHA-256 of the jar (or named filter definition file) it came from (64 lower-case hex
 *     digits, see {@link PluginJarInfo#sha256()}); empty for a built-in and a library filter
 * @param options its declared options, in declaration order
 */
public record PluginInfo(Kind kind, String id, String origin, String version, String sha256, String description,
                         List<OptionSpec> options) {

    /** Filter or action. */
    public enum Kind {
        FILTER,
        ACTION;

        /** {@code filter} or {@code action}, as the operator reads it. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PluginInfo {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(description, "description");
        options = List.copyOf(options);
    }

    public boolean isFilter() {
        return kind == Kind.FILTER;
    }
}
