package dev.warden.core.spi;

import java.util.List;

/**
 * Creates {@link Action}s of one type, found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.warden.core.spi.ActionFactory}). Stateless, public no-argument
 * constructor; options arrive already checked against {@link #options()}.
 */
public interface ActionFactory {

    /** The type name operators write in YAML ({@code type: pf}); lower-case, unique. Never null. */
    String id();

    /** One line for {@code warden plugins}. Never null. */
    String description();

    /** The options this action accepts. Never null. */
    default List<OptionSpec> options() {
        return List.of();
    }

    /**
     * Creates the action for one jail.
     *
     * @throws PluginConfigException when an option value is well-typed but unusable
     */
    Action create(PluginOptions options, PluginContext context) throws PluginConfigException;
}
