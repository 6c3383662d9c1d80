package dev.warden.core.plugin;

import dev.warden.core.spi.Action;
import dev.warden.core.spi.ActionFactory;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.PluginContext;
import dev.warden.core.spi.PluginOptions;

import java.util.List;

/** Test action "log": only optional options. */
public class LogTestAction implements ActionFactory {

    @Override
    public String id() {
        return "log";
    }

    @Override
    public String description() {
        return "test stand-in for the log action";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(OptionSpec.choice("level", "info", "log level", "info", "warn"));
    }

    @Override
    public Action create(PluginOptions options, PluginContext context) {
        return new Action() {
            @Override
            public void ban(List<Ban> bans) {
            }

            @Override
            public void unban(List<Ban> bans) {
            }
        };
    }
}
