package dev.warden.actions.log;

import dev.warden.core.spi.Action;
import dev.warden.core.spi.ActionFactory;
import dev.warden.core.spi.PluginContext;
import dev.warden.core.spi.PluginOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code log} action type, the dry run: each ban and unban becomes one INFO line on the
 * {@code dev.warden.actions.log.LogAction} logger and nothing is executed. Takes no options.
 */
public final class LogActionFactory implements ActionFactory {

    private static final Logger LOG = LoggerFactory.getLogger(LogAction.class);

    @Override
    public String id() {
        return "log";
    }

    @Override
    public String description() {
        return "dry run: logs each ban and unban instead of applying it";
    }

    /** A network is banned as one CIDR entry (pf table, interval set), and logged as such. */
    @Override
    public boolean acceptsNetworks() {
        return true;
    }

    @Override
    public Action create(PluginOptions options, PluginContext context) {
        return new LogAction(LOG::info);
    }
}
