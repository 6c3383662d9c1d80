package dev.warden.core.daemon;

import dev.warden.core.config.JailDefinition;
import dev.warden.core.engine.ActionDispatcher;
import dev.warden.core.spi.Filter;

import java.util.Objects;

/**
 * Everything one configured jail needs to run: its definition, its filter instance and its actions.
 * The filter and actions are fresh instances owned by whoever runs the jail.
 */
public record JailParts(JailDefinition definition, Filter filter, ActionDispatcher actions) {

    public JailParts {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(actions, "actions");
    }

    public String name() {
        return definition.name();
    }
}
