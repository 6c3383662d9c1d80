package dev.warden.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;

/** The {@code warden} command: a fail2ban-style ban framework. */
@Command(name = "warden", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        versionProvider = VersionProvider.class,
        description = "Bans addresses that fail too often, from logs (OpenSMTPD, sshd, anything with a regex).",
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

    /** The subcommands' names, in the order of the usage message. */
    static final List<String> COMMANDS = List.of("run", "scan", "validate", "test-filter", "plugins", "status",
            "bans", "ban", "unban", "reload", "metrics", "help");

    private static Object command(String name) {
        return switch (name) {
            case "run" -> new RunCommand();
            case "scan" -> new ScanCommand();
            case "validate" -> new ValidateCommand();
            case "test-filter" -> new TestFilterCommand();
            case "plugins" -> new PluginsCommand();
            case "status" -> new StatusCommand();
            case "bans" -> new BansCommand();
            case "ban" -> new BanCommand();
            case "unban" -> new UnbanCommand();
            case "reload" -> new ReloadCommand();
            case "metrics" -> new MetricsCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException(name);
        };
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the command line and returns the exit code (no System.exit), for tests and main. When the first word
     * names a command, only that one is built: picocli builds a command's model by reflection over its class,
     * options and mixins, which for all twelve was most of a short command's start-up (docs/performance.md,
     * "Footprint"). Anything else (no command, an option, {@code help}, a misspelt name) gets them all, for the
     * usage message, help and suggestions.
     */
    public static int run(String... args) {
        String first = args.length > 0 ? args[0] : "";
        boolean one = COMMANDS.contains(first) && !first.equals("help");
        return commandLine(one ? List.of(first) : COMMANDS).execute(args);
    }

    /** {@code warden} with every command: the model of help, completion and the man pages. */
    public static CommandLine commandLine() {
        return commandLine(COMMANDS);
    }

    private static CommandLine commandLine(List<String> commands) {
        CommandLine cl = new CommandLine(new Main());
        for (String name : commands) {
            cl.addSubcommand(name, command(name));
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("warden: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.CONFIG;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
