package dev.warden.cli;

import dev.warden.core.config.ConfigLoader;
import dev.warden.core.api.DaemonJob;
import dev.warden.core.api.PluginIssue;
import dev.warden.core.api.Plugins;
import dev.warden.core.api.Setup;
import dev.warden.core.api.UntrustedStateDirectoryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** {@code warden run}: the daemon. */
@Command(name = "run", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Follow each jail's logs, ban and unban on time, keep state, answer the control socket.",
                "Runs in the foreground until SIGTERM or SIGINT; SIGHUP reloads the configuration."},
        footer = {"", "Examples:",
                "  warden run -c /etc/warden.yaml",
                "  warden run --dry-run      (decide bans, print them, change nothing)"})
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Mixin
    PluginDirOption pluginDir;

    @Option(names = "--from-end", description = "Start files never seen before at their end (skip history).")
    boolean fromEnd;

    @Option(names = "--dry-run", description = "Replace every action by the log action: change nothing.")
    boolean dryRun;

    @Option(names = "--syslog", paramLabel = "HOST[:PORT]", arity = "0..1", fallbackValue = "localhost:514",
            description = "Log to syslog (facility daemon, UDP) instead of stderr.")
    String syslog;

    @Override
    public Integer call() {
        try (DaemonPlugins plugins = new DaemonPlugins()) {
            return run(plugins);
        }
    }

    private int run(DaemonPlugins plugins) {
        PrintWriter err = spec.commandLine().getErr();
        Clock clock = Clock.systemUTC();
        Setup first = load(plugins, clock, found -> PluginDirOption.report(found, err));
        if (Issues.print(first.issues(), err)) {
            return ExitCodes.CONFIG;
        }
        if (syslog != null) {
            try {
                new SyslogLogging().install(syslog);
            } catch (IllegalArgumentException | IllegalStateException e) {
                err.println("warden run: --syslog: " + e.getMessage());
                return ExitCodes.CONFIG;
            }
        }
        plugins.running().ifPresent(PluginDirOption::logJars); // once the log goes where --syslog says
        DaemonJob job;
        try {
            job = DaemonJob.prepare(clock, first, () -> reload(plugins, clock), fromEnd);
        } catch (UntrustedStateDirectoryException e) {
            err.println("warden run: " + e.getMessage());
            return ExitCodes.CONFIG;
        } catch (IOException e) {
            err.println("warden run: " + StateDirectory.problem(first.config().stateDir(), e));
            return ExitCodes.RUNTIME;
        }
        handle("HUP", job::requestReload);
        handle("TERM", job::requestStop);
        handle("INT", job::requestStop);
        try {
            job.run();
            return ExitCodes.OK;
        } catch (IOException e) {
            err.println("warden run: " + e.getMessage());
            return e instanceof UntrustedStateDirectoryException ? ExitCodes.CONFIG : ExitCodes.RUNTIME;
        }
    }

    /**
     * Discovers the plugins afresh ({@code --plugin-dir}, else the configuration's {@code plugin-dir} as
     * it is now), reports them, and builds the configuration against them.
     */
    private Setup load(DaemonPlugins plugins, Clock clock, Consumer<Plugins> report) {
        ConfigLoader.PluginFolders folders = pluginDir.folders(config.path());
        Plugins found = PluginDirOption.discover(folders.plugins(), folders.filters());
        report.accept(found);
        Setup setup = Setup.load(found, clock, config.path(), List.of(), dryRun);
        plugins.loaded(found, setup.hasErrors());
        return setup;
    }

    /**
     * The configuration as it is now, for a reload (refused by the daemon when it has errors); plugin problems
     * and the jars loaded go to the log.
     */
    private Setup reload(DaemonPlugins plugins, Clock clock) {
        return load(plugins, clock, found -> {
            for (PluginIssue p : found.issues()) {
                if (p.isError()) {
                    LOG.error("plugin: {}", p);
                } else {
                    LOG.warn("plugin: {}", p);
                }
            }
            PluginDirOption.logJars(found);
        });
    }

    private static void handle(String signal, Runnable action) {
        try {
            Signal.handle(new Signal(signal), s -> action.run());
        } catch (IllegalArgumentException e) {
            LOG.debug("signal {} cannot be handled here: {}", signal, e.getMessage());
        }
    }
}
