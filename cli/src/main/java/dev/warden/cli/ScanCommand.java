package dev.warden.cli;

import dev.warden.core.config.JailDefinition;
import dev.warden.core.engine.BanBook;
import dev.warden.core.engine.Jail;
import dev.warden.core.engine.JailPolicy;
import dev.warden.core.engine.JailScan;
import dev.warden.core.engine.LogPaths;
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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code warden scan}: one pass over each jail's logs, apply the bans still in force, exit. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Read each jail's logs once, from the start, and apply the bans still in force.",
                "stdout: one line per ban in force, JAIL<TAB>ADDRESS<TAB>FAILURES<TAB>BANNED_UNTIL (ISO-8601);"
                        + " logs go to stderr."})
final class ScanCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ScanCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--jail", paramLabel = "NAME", description = "Only this jail (repeatable).")
    List<String> jails = new ArrayList<>();

    @Option(names = "--dry-run", description = "Replace every action by the log action: change nothing.")
    boolean dryRun;

    @Option(names = "--now", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Reference time (ISO-8601): replay an old log as if it were that moment.")
    Instant now;

    @Parameters(paramLabel = "LOGFILE", arity = "0..*",
            description = "Read these files instead of the jail's logs (needs exactly one --jail).")
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
        Assembly.Result assembled = new Assembly(Assembly.builtins(), clock).assemble(config.path(), jails, dryRun,
                files.isEmpty());
        if (Issues.print(assembled.issues(), err)) {
            return ExitCodes.CONFIG;
        }
        int failedActions = 0;
        boolean readErrors = false;
        for (Assembly.JailParts parts : assembled.jails().values()) {
            JailDefinition def = parts.definition();
            Jail jail = new Jail(def.name(), new JailPolicy(def.maxRetry(), def.findTime(), def.banTime()),
                    def.ignore()::contains, new BanBook());
            JailScan scan = new JailScan(jail, parts.filter(), def.timezone(), reference);
            List<Path> paths = files.isEmpty() ? LogPaths.expand(def.logs()) : files;
            long started = System.nanoTime();
            for (Path p : paths) {
                try {
                    scan.scan(p);
                } catch (IOException e) {
                    err.println("warden scan: " + def.name() + ": cannot read " + p + ": " + e.getMessage());
                    readErrors = true;
                }
            }
            List<Ban> active = new ArrayList<>(jail.book().activeAt(reference));
            active.sort(Comparator.comparing(Ban::start).thenComparing(Ban::address));
            List<Ban> expired = jail.book().expiredAt(reference);
            failedActions += parts.actions().start();
            failedActions += parts.actions().ban(active);
            failedActions += parts.actions().unban(expired);
            parts.actions().stop();
            for (Ban b : active) {
                out.println(b.jail() + "\t" + b.address() + "\t" + b.failures() + "\t" + b.end());
            }
            out.flush();
            LOG.info("[{}] {} file(s), {} lines, {} failures, {} unattributed, {} ignored, {} bans in force,"
                            + " {} expired; {} ms", def.name(), paths.size(), scan.feeder().lines(), jail.failures(),
                    jail.unattributed(), jail.ignoredFailures(), active.size(), expired.size(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        if (failedActions > 0) {
            return ExitCodes.ACTION_FAILED;
        }
        return readErrors ? ExitCodes.RUNTIME : ExitCodes.OK;
    }
}
