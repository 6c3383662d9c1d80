package dev.warden.core.plugin;

import dev.warden.core.spi.ActionFactory;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.OptionSpec;

import java.util.List;
import java.util.function.Function;

/**
 * Filters or actions: the service interface and how to ask one of its factories what it declares, so that
 * discovery handles both the same way.
 *
 * @param name "filter" or "action", for messages
 */
record PluginKind<F>(String name, Class<F> service, Function<F, String> id, Function<F, String> description,
                     Function<F, List<OptionSpec>> options) {

    static final PluginKind<FilterFactory> FILTER = new PluginKind<>("filter", FilterFactory.class,
            FilterFactory::id, FilterFactory::description, FilterFactory::options);

    static final PluginKind<ActionFactory> ACTION = new PluginKind<>("action", ActionFactory.class,
            ActionFactory::id, ActionFactory::description, ActionFactory::options);

    /**
     * A factory found by discovery, with the id it declared (not yet checked for validity or uniqueness).
     */
    record Candidate<F>(F factory, String id, PluginSource source) {
        String className() {
            return factory.getClass().getName();
        }
    }
}
