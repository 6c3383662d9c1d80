package dev.warden.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** The {@code warden} command: a fail2ban-style ban framework. */
@Command(name = "warden", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Bans addresses that fail too often, from logs (OpenSMTPD, sshd, anything with a regex).",
        subcommands = {RunCommand.class, ScanCommand.class, ValidateCommand.class, TestFilterCommand.class,
                PluginsCommand.class, StatusCommand.class, BansCommand.class, BanCommand.class, UnbanCommand.class,
                ReloadCommand.class, MetricsCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:runtime problem (unreadable log, no daemon, the daemon refused, ...;"
                + " for 'plugins': a plugin jar did not load)",
                "2:bad configuration or command line; nothing was started (or a reload was refused). A filter"
                        + " or action whose plugin did not load is an unknown type: exit 2. So is a state"
                        + " directory that is a link, not owned by this user, or open to group or others",
                "3:an action failed (retried on the next run)"})
public final class Main implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (no System.exit), for tests and main. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("warden: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.CONFIG;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
