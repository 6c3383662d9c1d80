package dev.warden.core.spi;

import java.util.List;

/**
 * Creates {@link Filter}s of one type, found with {@link java.util.ServiceLoader}: a plugin jar lists its
 * factory in {@code META-INF/services/dev.warden.core.spi.FilterFactory}.
 *
 * <p>A factory is stateless and must have a public no-argument constructor. It is asked for a new
 * filter once per jail that uses it; the options it receives have already been checked against
 * {@link #options()} (no unknown keys, right types, required ones present).
 */
public interface FilterFactory {

    /** The type name operators write in YAML ({@code filter: opensmtpd}); lower-case, unique. Never null. */
    String id();

    /** One line for {@code warden plugins}. Never null. */
    String description();

    /** The options this filter accepts. Never null; empty when it takes none. */
    default List<OptionSpec> options() {
        return List.of();
    }

    /**
     * Creates a filter for one jail.
     *
     * @throws PluginConfigException when an option value is well-typed but unusable (a pattern that does
     *     not compile, say); the message is shown with the option's file, line and YAML path
     */
    Filter create(PluginOptions options, PluginContext context) throws PluginConfigException;
}
