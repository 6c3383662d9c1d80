package dev.warden.cli;

import dev.warden.core.control.ControlServer;
import dev.warden.core.config.ConfigIssue;
import dev.warden.core.daemon.ConfigRefused;
import dev.warden.core.daemon.Daemon;
import dev.warden.core.daemon.DaemonConfig;
import dev.warden.core.daemon.DaemonControl;
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

    @Option(names = "--from-end", description = "Start files never seen before at their end (skip history).")
    boolean fromEnd;

    @Option(names = "--dry-run", description = "Replace every action by the log action: change nothing.")
    boolean dryRun;

    @Option(names = "--syslog", paramLabel = "HOST[:PORT]", arity = "0..1", fallbackValue = "localhost:514",
            description = "Log to syslog (facility daemon, UDP) instead of stderr.")
    String syslog;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Clock clock = Clock.systemUTC();
        Assembly assembly = new Assembly(Assembly.builtins(), clock);
        DaemonConfig.Loader loader = () -> load(assembly);
        DaemonConfig initial;
        Assembly.Result first = assembly.assemble(config.path(), List.of(), dryRun);
        if (Issues.print(first.issues(), err)) {
            return ExitCodes.CONFIG;
        }
        initial = first.daemonConfig();
        if (syslog != null) {
            try {
                new SyslogLogging().install(syslog);
            } catch (IllegalArgumentException | IllegalStateException e) {
                err.println("warden run: --syslog: " + e.getMessage());
                return ExitCodes.CONFIG;
            }
        }
        StateStore store;
        try {
            store = StateStore.open(initial.config().stateDir());
        } catch (IOException e) {
            err.println("warden run: " + StateDirectory.problem(initial.config().stateDir(), e));
            return ExitCodes.RUNTIME;
        }
        Daemon daemon = new Daemon(clock, initial, loader, store,
                fromEnd ? FileFollower.Start.END : FileFollower.Start.BEGINNING);
        try (store; ControlServer control = ControlServer.start(initial.config().socket(), new DaemonControl(daemon))) {
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

    /** The configuration as it is now, for a reload. */
    private DaemonConfig load(Assembly assembly) throws ConfigRefused {
        Assembly.Result r = assembly.assemble(config.path(), List.of(), dryRun);
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
