package dev.warden.cli;

import dev.warden.core.daemon.JailSources;
import dev.warden.core.daemon.JailStatus;
import dev.warden.core.daemon.Scan;
import dev.warden.core.daemon.StateKeeper;
import dev.warden.core.log.FileFollower;
import dev.warden.core.state.StateStore;
import dev.warden.core.spi.Ban;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code warden scan}: one pass over each jail's logs, apply the bans still in force, exit. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Read each jail's logs once and apply the bans still in force. With state (the default)"
                + " only lines not read by the previous scan or daemon are read, and ended bans are lifted;"
                + " with --no-state (or LOGFILE arguments) the logs are read from their start.",
                "stdout: one line per ban in force, JAIL<TAB>ADDRESS<TAB>FAILURES<TAB>BANNED_UNTIL (ISO-8601);"
                        + " logs go to stderr."})
final class ScanCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ScanCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Mixin
    PluginDirOption plugins;

    @Option(names = "--jail", paramLabel = "NAME", description = "Only this jail (repeatable).")
    List<String> jails = new ArrayList<>();

    @Option(names = "--dry-run", description = "Replace every action by the log action: change nothing.")
    boolean dryRun;

    @Option(names = "--now", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Reference time (ISO-8601): replay an old log as if it were that moment.")
    Instant now;

    @Option(names = "--no-state", description = "Ignore the state directory: read the logs from their start,"
            + " save nothing.")
    boolean noState;

    @Parameters(paramLabel = "LOGFILE", arity = "0..*",
            description = "Read these files instead of the jail's logs (needs exactly one --jail; implies"
                    + " --no-state).")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!files.isEmpty() && jails.size() != 1) {
            err.println("warden scan: LOGFILE arguments need exactly one --jail");
            return ExitCodes.CONFIG;
        }
        for (Path f : files) {
            if (!Files.isReadable(f)) {
                err.println("warden scan: " + f + ": no such readable file");
                return ExitCodes.CONFIG;
            }
        }
        Instant reference = now != null ? now : Instant.now();
        Clock clock = Clock.fixed(reference, ZoneOffset.UTC);
        Assembly.Result assembled = new Assembly(plugins.discover(config.path(), err), clock)
                .assemble(config.path(), jails, dryRun, files.isEmpty());
        if (Issues.print(assembled.issues(), err)) {
            return ExitCodes.CONFIG;
        }
        Path dir = assembled.config().stateDir();
        boolean stateless = noState || !files.isEmpty();
        JailSources sources = stateless ? JailSources.wholeFiles(files)
                : JailSources.follow(FileFollower.Start.BEGINNING, FileFollower.Settings.defaults(clock));
        try {
            if (dryRun) {
                return scan(assembled, clock, sources, stateless ? StateKeeper.none() : StateKeeper.dryRun(dir), out);
            }
            if (stateless && !Files.isDirectory(dir)) {
                return scan(assembled, clock, sources, StateKeeper.none(), out);
            }
            // A stateless scan does not read the state, but holds its lock: it must not run pfctl behind a
            // daemon's back (re-adding what an operator unbanned, deleting what the daemon keeps).
            try (StateStore store = StateStore.open(dir)) {
                return scan(assembled, clock, sources, stateless ? StateKeeper.none() : StateKeeper.of(store), out);
            }
        } catch (IOException e) {
            err.println("warden scan: " + StateDirectory.problem(dir, e) + (stateless
                    ? " (is warden run using it? scan --no-state --dry-run does not need it)"
                    : " (is warden run using it? scan --no-state --dry-run reads the logs without state)"));
            return ExitCodes.RUNTIME;
        }
    }

    /** One engine round; prints the bans in force. */
    private static int scan(Assembly.Result assembled, Clock clock, JailSources sources, StateKeeper keeper,
                            PrintWriter out) throws IOException {
        long started = System.nanoTime();
        Scan.Outcome o = Scan.run(clock, assembled.jails(), sources, keeper);
        for (JailStatus s : o.status()) {
            LOG.info("[{}] {} file(s), {} lines, {} failures, {} unattributed, {} ignored, {} bans in force; {} ms",
                    s.name(), s.files().size(), s.lines(), s.failuresTotal(), s.unattributed(), s.ignoredFailures(),
                    s.bansActive(), (System.nanoTime() - started) / 1_000_000);
        }
        for (Ban b : o.inForce()) {
            out.println(b.jail() + "\t" + b.address() + "\t" + b.failures() + "\t" + b.end());
        }
        out.flush();
        if (o.actionFailures() > 0) {
            return ExitCodes.ACTION_FAILED;
        }
        return o.readFailures() > 0 ? ExitCodes.RUNTIME : ExitCodes.OK;
    }
}
