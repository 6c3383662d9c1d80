package dev.warden.cli;

import dev.warden.core.config.JailDefinition;
import dev.warden.core.daemon.JailParts;
import dev.warden.core.daemon.JailStatus;
import dev.warden.core.daemon.StatefulScan;
import dev.warden.core.state.StateStore;
import dev.warden.core.state.WardenState;
import dev.warden.core.engine.BanBook;
import dev.warden.core.engine.Jail;
import dev.warden.core.engine.JailPolicy;
import dev.warden.core.engine.JailScan;
import dev.warden.core.engine.LogPaths;
import dev.warden.core.engine.ActionDispatcher;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.IpAddress;
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
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

    /** What one jail's pass found. */
    private static final class Outcome {
        JailParts parts;
        Jail jail;
        List<Ban> active;
        boolean readErrors;
    }

    /** Reads the jail's logs (or the given files) once and decides its bans. */
    private Outcome scan(JailParts parts, Instant reference, PrintWriter err) {
        JailDefinition def = parts.definition();
        Outcome o = new Outcome();
        o.parts = parts;
        o.jail = new Jail(def.name(), new JailPolicy(def.maxRetry(), def.findTime(), def.banTime()),
                def.effectiveIgnore(dev.warden.core.net.OwnAddresses.current())::contains, new BanBook());
        JailScan scan = new JailScan(o.jail, parts.filter(), def.timezone(), reference);
        List<Path> paths = files.isEmpty() ? LogPaths.expand(def.logs()) : files;
        long started = System.nanoTime();
        for (Path p : paths) {
            try {
                scan.scan(p);
            } catch (IOException e) {
                err.println("warden scan: " + def.name() + ": cannot read " + p + ": " + e.getMessage());
                o.readErrors = true;
            }
        }
        o.active = new ArrayList<>(o.jail.book().activeAt(reference));
        o.active.sort(Comparator.comparing(Ban::start).thenComparing(Ban::address));
        LOG.info("[{}] {} file(s), {} lines, {} failures, {} unattributed, {} ignored, {} bans in force; {} ms",
                def.name(), paths.size(), scan.feeder().lines(), o.jail.failures(), o.jail.unattributed(),
                o.jail.ignoredFailures(), o.active.size(), (System.nanoTime() - started) / 1_000_000);
        return o;
    }

    /** Applies one jail's bans in force, lifts its expired ones (unless another jail keeps them), prints. */
    private int apply(Outcome o, Set<IpAddress> inForce, Instant reference, PrintWriter out) {
        List<Ban> expired = new ArrayList<>();
        for (Ban b : o.jail.book().expiredAt(reference)) {
            if (!inForce.contains(b.address())) {
                expired.add(b);
            }
        }
        ActionDispatcher actions = o.parts.actions();
        int failed = actions.start() + actions.ban(o.active) + actions.unban(expired);
        actions.stop();
        for (Ban b : o.active) {
            out.println(b.jail() + "\t" + b.address() + "\t" + b.failures() + "\t" + b.end());
        }
        out.flush();
        if (!expired.isEmpty()) {
            LOG.info("[{}] {} expired ban(s) lifted", o.parts.definition().name(), expired.size());
        }
        return failed;
    }

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
        if (!noState && files.isEmpty()) {
            return withState(assembled, clock, out, err);
        }
        Path dir = assembled.config().stateDir();
        if (!dryRun && Files.isDirectory(dir)) {
            // Not reading the state, but holding its lock: a stateless scan must not run pfctl behind a
            // daemon's back (re-adding what an operator unbanned, deleting what the daemon keeps).
            try (StateStore lock = StateStore.open(dir)) {
                return withoutState(assembled, reference, out, err);
            } catch (IOException e) {
                err.println("warden scan: " + StateDirectory.problem(dir, e)
                        + " (is warden run using it? scan --no-state --dry-run does not need it)");
                return ExitCodes.RUNTIME;
            }
        }
        return withoutState(assembled, reference, out, err);
    }

    /** The stateless pass: every jail's whole logs (or the given files), bans in force applied, ended ones lifted. */
    private int withoutState(Assembly.Result assembled, Instant reference, PrintWriter out, PrintWriter err) {
        List<Outcome> outcomes = new ArrayList<>();
        boolean readErrors = false;
        for (JailParts parts : assembled.jails().values()) {
            Outcome o = scan(parts, reference, err);
            readErrors |= o.readErrors;
            outcomes.add(o);
        }
        // An address still banned by any jail is never unbanned by another (they may share a pf table).
        Set<IpAddress> inForce = new HashSet<>();
        outcomes.forEach(o -> o.active.forEach(b -> inForce.add(b.address())));
        int failedActions = 0;
        for (Outcome o : outcomes) {
            failedActions += apply(o, inForce, reference, out);
        }
        if (failedActions > 0) {
            return ExitCodes.ACTION_FAILED;
        }
        return readErrors ? ExitCodes.RUNTIME : ExitCodes.OK;
    }

    /** One round of the daemon from the saved state; saves the new state unless {@code --dry-run}. */
    private int withState(Assembly.Result assembled, Clock clock, PrintWriter out, PrintWriter err) {
        Path dir = assembled.config().stateDir();
        if (dryRun && !Files.isDirectory(dir)) {
            return print(StatefulScan.run(clock, assembled.jails(), WardenState.empty()), out);
        }
        try (StateStore store = StateStore.open(dir)) {
            if (dryRun) {
                return print(StatefulScan.run(clock, assembled.jails(), store.load()), out);
            }
            StatefulScan.Outcome o = StatefulScan.runRecorded(clock, assembled.jails(), store);
            store.save(o.state());
            return print(o, out);
        } catch (IOException e) {
            err.println("warden scan: " + StateDirectory.problem(dir, e)
                    + " (is warden run using it? scan --no-state --dry-run reads the logs without state)");
            return ExitCodes.RUNTIME;
        }
    }

    private static int print(StatefulScan.Outcome o, PrintWriter out) {
        for (JailStatus s : o.status()) {
            LOG.info("[{}] {} file(s), {} lines, {} failures, {} unattributed, {} ignored, {} bans in force",
                    s.name(), s.files().size(), s.lines(), s.failuresTotal(), s.unattributed(), s.ignoredFailures(),
                    s.bansActive());
        }
        for (Ban b : o.inForce()) {
            out.println(b.jail() + "\t" + b.address() + "\t" + b.failures() + "\t" + b.end());
        }
        out.flush();
        return o.actionFailures() > 0 ? ExitCodes.ACTION_FAILED : ExitCodes.OK;
    }
}
