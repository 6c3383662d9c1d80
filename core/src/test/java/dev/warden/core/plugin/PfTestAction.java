package dev.warden.core.plugin;

import dev.warden.core.spi.Action;
import dev.warden.core.spi.ActionFactory;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.OptionType;
import dev.warden.core.spi.PluginContext;
import dev.warden.core.spi.PluginOptions;

import java.util.List;

/** Test action "pf": required STRING {@code table}, PATH {@code pfctl}, DURATION with default, a CHOICE. */
public class PfTestAction implements ActionFactory {

    @Override
    public String id() {
        return "pf";
    }

    @Override
    public String description() {
        return "test stand-in for the pf action";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.required("table", OptionType.STRING, "pf table name"),
                OptionSpec.optional("pfctl", OptionType.PATH, "/sbin/pfctl", "pfctl binary"),
                OptionSpec.optional("timeout", OptionType.DURATION, "30s", "pfctl timeout"),
                OptionSpec.choice("kill", "states", "what to kill on ban", "none", "states", "sources"));
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
