package dev.warden.cli;

import dev.warden.core.api.PluginIssue;
import dev.warden.core.api.Plugins;
import dev.warden.core.control.ControlServer;
import dev.warden.core.config.ConfigIssue;
import dev.warden.core.daemon.ConfigRefused;
import dev.warden.core.daemon.Daemon;
import dev.warden.core.daemon.DaemonConfig;
import dev.warden.core.daemon.DaemonControl;
import dev.warden.core.daemon.StateKeeper;
import dev.warden.core.log.FileFollower;
import dev.warden.core.state.StateStore;
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
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Follow each jail's logs, ban and unban on time, keep state, answer the control socket.",
                "Runs in the foreground until SIGTERM or SIGINT; SIGHUP reloads the configuration."})
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
        DaemonConfig.Loader loader = () -> reload(plugins, clock);
        Assembly.Result first = assemble(plugins, clock, p -> err.println(PluginDirOption.PROBLEM_PREFIX + p));
        if (Issues.print(first.issues(), err)) {
            return ExitCodes.CONFIG;
        }
        DaemonConfig initial = first.daemonConfig();
        if (syslog != null) {
            try {
                new SyslogLogging().install(syslog);
            } catch (IllegalArgumentException | IllegalStateException e) {
                err.println("warden run: --syslog: " + e.getMessage());
                return ExitCodes.CONFIG;
            }
        }
        // A dry run starts from the live state but never writes it (nor locks it): a live run must never
        // apply what a dry run decided.
        StateStore store = null;
        if (!dryRun) {
            try {
                store = StateStore.open(initial.config().stateDir());
            } catch (IOException e) {
                err.println("warden run: " + StateDirectory.problem(initial.config().stateDir(), e));
                return ExitCodes.RUNTIME;
            }
        }
        StateKeeper keeper = store == null ? StateKeeper.dryRun(initial.config().stateDir()) : StateKeeper.of(store);
        Daemon daemon = new Daemon(clock, initial, loader, keeper,
                fromEnd ? FileFollower.Start.END : FileFollower.Start.BEGINNING);
        try (StateStore held = store; ControlServer control = ControlServer.start(initial.config().socket(), new DaemonControl(daemon))) {
            handle("HUP", daemon::requestReload);
            handle("TERM", daemon::requestStop);
            handle("INT", daemon::requestStop);
            daemon.run();
            return ExitCodes.OK;
        } catch (IOException e) {
            err.println("warden run: " + e.getMessage());
            return ExitCodes.RUNTIME;
        }
    }

    /**
     * Discovers the plugins afresh ({@code --plugin-dir}, else the configuration's {@code plugin-dir} as
     * it is now), reports their problems, and builds the configuration against them.
     */
    private Assembly.Result assemble(DaemonPlugins plugins, Clock clock, Consumer<PluginIssue> report) {
        Plugins catalog = PluginDirOption.discover(pluginDir.resolve(config.path()));
        catalog.issues().forEach(report);
        Assembly.Result r = new Assembly(catalog, clock).assemble(config.path(), List.of(), dryRun);
        plugins.loaded(catalog, r.hasErrors());
        return r;
    }

    /** The configuration as it is now, for a reload; plugin problems go to the log. */
    private DaemonConfig reload(DaemonPlugins plugins, Clock clock) throws ConfigRefused {
        Assembly.Result r = assemble(plugins, clock, p -> {
            if (p.isError()) {
                LOG.error("plugin: {}", p);
            } else {
                LOG.warn("plugin: {}", p);
            }
        });
        if (r.hasErrors()) {
            throw new ConfigRefused(r.issues().stream().filter(ConfigIssue::isError).map(Object::toString).toList());
        }
        return r.daemonConfig();
    }

    private static void handle(String signal, Runnable action) {
        try {
            Signal.handle(new Signal(signal), s -> action.run());
        } catch (IllegalArgumentException e) {
            LOG.debug("signal {} cannot be handled here: {}", signal, e.getMessage());
        }
    }
}
