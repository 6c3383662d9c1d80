package dev.warden.actions.run;

import dev.warden.core.spi.Action;
import dev.warden.core.spi.ActionFactory;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.OptionType;
import dev.warden.core.spi.PluginConfigException;
import dev.warden.core.spi.PluginContext;
import dev.warden.core.spi.PluginOptions;

import java.time.Duration;
import java.util.List;

/**
 * The {@code command} action type: the operator's own program on each ban and unban (mail the operator,
 * report to an abuse service, drive a firewall warden does not know), written as argument lists with
 * placeholders ({@link ArgvTemplate}). Everything is checked here, when the configuration is read: an
 * unknown placeholder is an error at its argument's line. Whether the program exists is found out when it
 * runs, as for {@code pf}.
 */
public final class CommandActionFactory implements ActionFactory {

    private static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.required("ban", OptionType.STRING_LIST,
                    "the program and arguments run for each banned address; placeholders {address}, {prefix},"
                            + " {jail}, {end}, {failures}, {node}"),
            OptionSpec.optional("unban", OptionType.STRING_LIST, null,
                    "the program and arguments run for each lifted ban, with the same placeholders; none if unset"),
            OptionSpec.optional("timeout", OptionType.DURATION, "30s",
                    "how long one command may take before it (and what it started) is killed"));

    @Override
    public String id() {
        return "command";
    }

    @Override
    public String description() {
        return "runs a program of yours for each ban and unban, as an argument list (no shell)";
    }

    /** A network reaches the command as CIDR text in {@code {address}} and {@code {prefix}}. */
    @Override
    public boolean acceptsNetworks() {
        return true;
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    @Override
    public Action create(PluginOptions options, PluginContext context) throws PluginConfigException {
        ArgvTemplate ban = ArgvTemplate.parse("ban", options.strings("ban"));
        ArgvTemplate unban = options.isSet("unban") ? ArgvTemplate.parse("unban", options.strings("unban")) : null;
        Duration timeout = options.positiveDuration("timeout");
        return new CommandAction(ban, unban, timeout, context.jailName(), context.nodeName(),
                context.commandRunner());
    }
}
