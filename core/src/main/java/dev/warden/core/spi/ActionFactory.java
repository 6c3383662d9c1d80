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
     * Whether this type's actions take bans of networks: a {@link Ban#address()} that
     * {@link IpAddress#isNetwork() is a network} ({@code 2001:db8:1:2::/64}, written as CIDR by its
     * {@code toString()}), which a jail with {@code ipv6-prefix} or {@code ipv4-prefix} places and an operator
     * may ban by hand. An action that says no is never handed one: a jail counting by prefix refuses it as a
     * configuration error, and a ban of a network by hand in its jail is refused. Default false, so that a
     * plugin written before networks existed never sees one; say true once {@code ban} and {@code unban}
     * handle them.
     *
     * @since SPI 1 (added without a version change: an existing plugin keeps the default and sees no network)
     */
    default boolean acceptsNetworks() {
        return false;
    }

    /**
     * Creates the action for one jail.
     *
     * @throws PluginConfigException when an option value is well-typed but unusable
     */
    Action create(PluginOptions options, PluginContext context) throws PluginConfigException;
}
