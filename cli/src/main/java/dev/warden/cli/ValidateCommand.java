package dev.warden.cli;

import dev.warden.core.api.Plugins;
import dev.warden.core.api.Setup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code warden validate}: check the configuration (and create every plugin) without running anything. */
@Command(name = "validate", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = "Check the configuration: exit 0 with a one-line summary, or list every issue and exit 2.",
        footer = {"", "Example:", "  warden validate -c /etc/warden.yaml"})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Mixin
    PluginDirOption plugins;

    @Override
    public Integer call() {
        Plugins catalog = plugins.discover(config.path(), spec.commandLine().getErr());
        Setup r = Setup.load(catalog, Clock.systemUTC(), config.path(), List.of(), false);
        if (Issues.print(r.issues(), spec.commandLine().getErr())) {
            return ExitCodes.CONFIG;
        }
        long enabled = r.jailNames().size();
        int total = r.config().jails().size();
        // Concatenation, not printf: java.util.Formatter loads the locale data (~90 classes) for "%d".
        spec.commandLine().getOut().println(config.path() + ": OK, " + total + " jail(s) (" + enabled + " enabled): "
                + String.join(", ", r.config().jails().keySet()));
        return ExitCodes.OK;
    }
}
