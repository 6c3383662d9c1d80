package dev.warden.cli;

import dev.warden.core.api.JailSummary;
import dev.warden.core.api.Plugins;
import dev.warden.core.api.ScanJob;
import dev.warden.core.api.Setup;
import dev.warden.core.api.UntrustedStateDirectoryException;
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
@Command(name = "scan", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Read each jail's logs once and apply the bans still in force. With state (the default)"
                + " only lines not read by the previous scan or daemon are read, and ended bans are lifted;"
                + " with --no-state (or LOGFILE arguments) the logs are read from their start.",
                "stdout: one line per ban in force, JAIL<TAB>ADDRESS<TAB>FAILURES<TAB>BANNED_UNTIL (ISO-8601);"
                        + " logs go to stderr."},
        footer = {"", "Examples:",
                "  warden scan -c /etc/warden.yaml           (hourly from cron)",
                "  warden scan --no-state --dry-run /var/log/maillog.0.gz"})
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
        try (Plugins found = plugins.discover(config.path(), err)) {
            Setup setup = Setup.load(found, clock, config.path(), jails, dryRun);
            if (Issues.print(setup.issues(), err)) {
                return ExitCodes.CONFIG;
            }
            PluginDirOption.logJars(found);
            boolean stateless = noState || !files.isEmpty();
            return scan(setup, clock, stateless, out, err);
        }
    }

    /** One engine round (see {@link ScanJob}); prints the bans in force. */
    private int scan(Setup setup, Clock clock, boolean stateless, PrintWriter out, PrintWriter err) {
        long started = System.nanoTime();
        ScanJob.Result r;
        try {
            r = ScanJob.run(setup, clock, stateless, files);
        } catch (UntrustedStateDirectoryException e) {
            err.println("warden scan: " + e.getMessage());
            return ExitCodes.CONFIG;
        } catch (IOException e) {
            err.println("warden scan: " + StateDirectory.problem(setup.config().stateDir(), e)
                    + (!StateDirectory.inUse(e) ? "" : stateless
                    ? " (is warden run using it? scan --no-state --dry-run does not need it)"
                    : " (is warden run using it? scan --no-state --dry-run reads the logs without state)"));
            return ExitCodes.RUNTIME;
        }
        for (JailSummary s : r.jails()) {
            LOG.info("[{}] {} file(s), {} lines, {} failures, {} unattributed, {} ignored, {} bans in force; {} ms",
                    s.name(), s.files().size(), s.lines(), s.failures(), s.unattributed(), s.ignoredFailures(),
                    s.bansInForce(), (System.nanoTime() - started) / 1_000_000);
            if (s.unreadableTimeLines() > 0) {
                LOG.warn("[{}] {} line(s) withheld: their time could not be read (warden test-filter lists them;"
                        + " a time-format may read them)", s.name(), s.unreadableTimeLines());
            }
        }
        for (Ban b : r.inForce()) {
            out.println(b.jail() + "\t" + b.address() + "\t" + b.failures() + "\t" + b.end());
        }
        out.flush();
        if (r.actionFailures() > 0) {
            return ExitCodes.ACTION_FAILED;
        }
        return r.readFailures() > 0 ? ExitCodes.RUNTIME : ExitCodes.OK;
    }
}
