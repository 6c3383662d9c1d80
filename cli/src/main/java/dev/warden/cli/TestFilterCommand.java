package dev.warden.cli;

import dev.warden.core.api.FilterTrial;
import dev.warden.core.api.Plugins;
import dev.warden.core.api.Setup;
import dev.warden.core.config.MapPluginOptions;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.PluginConfigException;
import dev.warden.core.spi.PluginOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code warden test-filter}: run one filter over a log file and show what it finds (like fail2ban-regex). */
@Command(name = "test-filter", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Run one filter over a log file and report what it finds; nothing is banned.",
                "FILTER is a filter type (opensmtpd, postfix, ...) or a jail name of the configuration, which"
                        + " wins over a filter type of its name unless --set is given."},
        footer = {"", "Log lines shown by --show-matched and --show-missed are escaped for the terminal: a "
                + "backslash as \\\\, tab, line feed and carriage return as \\t \\n \\r, the other "
                + "control characters (C0, ESC among them, DEL, C1) as \\xHH, bidirectional marks and "
                + "overrides and the line and paragraph separators as \\uHHHH; other text, UTF-8 in any "
                + "script, as it is. --tsv prints only line numbers and addresses, never text of the log.",
                "", "Examples:", "  warden test-filter opensmtpd /var/log/maillog",
                "  warden test-filter -c /etc/warden.yaml sshd /var/log/authlog --show-missed"})
final class TestFilterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Mixin
    PluginDirOption plugins;

    @Parameters(index = "0", paramLabel = "FILTER", description = "Filter type, or a jail name from the config.")
    String filterName;

    @Parameters(index = "1", paramLabel = "LOGFILE", description = "The log to read.")
    Path log;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A filter option (repeatable).")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--tsv", description = "Print LINE<TAB>ADDRESS for every failure instead of a summary: a "
            + "line number and a canonical address, never text of the log, so no line can add a column or a row.")
    boolean tsv;

    @Option(names = "--show-matched", arity = "0..1", fallbackValue = "20", paramLabel = "N",
            description = "Also show the first N lines that yielded a failure (default N: 20).")
    Integer showMatched;

    @Option(names = "--show-missed", arity = "0..1", fallbackValue = "20", paramLabel = "N",
            description = "Also show the first N lines that yielded nothing (default N: 20).")
    Integer showMissed;

    @Option(names = "--now", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Reference time for year inference (default: now).")
    Instant now;

    @Option(names = "--timezone", paramLabel = "ZONE",
            description = "Zone of timestamps written without one (default: the jail's, else the system's).")
    ZoneId zone = ZoneId.systemDefault();

    @Option(names = "--time-format", paramLabel = "PATTERN", description = "Read times in this strftime-like"
            + " pattern only, as a jail's time-format (default: the jail's, else the built-in formats).")
    String timeFormat;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isReadable(log)) {
            err.println("warden test-filter: " + log + ": no such readable file");
            return ExitCodes.CONFIG;
        }
        Instant reference = now != null ? now : Instant.now();
        // the configuration (and so its plugin-dir) is used only when named or present, as for a jail name
        boolean useConfig = config.explicit() || Files.exists(config.path());
        Optional<Filter> filter = resolve(plugins.discover(useConfig ? config.path() : null, err), reference, err);
        if (filter.isEmpty()) {
            return ExitCodes.CONFIG;
        }
        FilterReport report = new FilterReport();
        FilterTrial trial;
        try {
            trial = new FilterTrial(filter.get(), reference, zone, timeFormat);
        } catch (IllegalArgumentException e) {
            err.println("warden test-filter: --time-format: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        long started = System.nanoTime();
        if (tsv) {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
            report.writeTsvTo(w);
            trial.read(log, line -> report.sink(line.lineNumber()));
            w.flush();
        } else {
            report.keepSamples(showMatched == null ? 0 : showMatched, showMissed == null ? 0 : showMissed);
            trial.read(log, report);
            report.printSummary(spec.commandLine().getOut(), trial.counts(), System.nanoTime() - started,
                    filter.get());
        }
        return ExitCodes.OK;
    }

    private Optional<Filter> resolve(Plugins catalog, Instant reference, PrintWriter err) {
        Optional<FilterFactory> factory = catalog.filter(filterName);
        Clock clock = Clock.fixed(reference, java.time.ZoneOffset.UTC);
        boolean useConfig = config.explicit() || Files.exists(config.path());
        if (factory.isPresent() && useConfig && options.isEmpty()) {
            // a jail named like a filter (jail postfix, filter: {type: postfix, ...}) is what the operator
            // tests: its own options; the filter type when the configuration does not load cleanly
            Setup r = Setup.load(catalog, clock, config.path(), java.util.List.of(), false);
            if (!r.hasErrors() && r.jailNames().contains(filterName)) {
                Issues.print(r.issues(), err);
                zone = r.config().jails().get(filterName).timezone();
                return r.filter(filterName);
            }
        }
        if (factory.isEmpty() && useConfig) {
            Setup r = Setup.load(catalog, clock, config.path(), java.util.List.of(), false);
            if (Issues.print(r.issues(), err)) {
                return Optional.empty();
            }
            if (r.jailNames().contains(filterName)) {
                if (!options.isEmpty()) {
                    err.println("warden test-filter: --set applies to a filter type, not to jail '" + filterName
                            + "' (its options are in the configuration)");
                    return Optional.empty();
                }
                var jail = r.config().jails().get(filterName);
                if (!spec.commandLine().getParseResult().hasMatchedOption("--timezone")) {
                    zone = jail.timezone();
                }
                if (timeFormat == null) {
                    timeFormat = jail.timeFormat().map(String::valueOf).orElse(null);
                }
                return r.filter(filterName);
            }
            err.println("warden test-filter: '" + filterName + "' is neither a filter (" + String.join(", ",
                    catalog.filterIds()) + ") nor an enabled jail of " + config.path() + " ("
                    + String.join(", ", r.jailNames()) + ")");
            return Optional.empty();
        }
        if (factory.isEmpty()) {
            err.println("warden test-filter: unknown filter '" + filterName + "'; filters: "
                    + String.join(", ", catalog.filterIds()));
            return Optional.empty();
        }
        FilterFactory f = factory.get();
        Map<String, OptionSpec> specs = f.options().stream().collect(Collectors.toMap(OptionSpec::name, s -> s));
        boolean bad = false;
        for (Map.Entry<String, String> e : options.entrySet()) {
            OptionSpec s = specs.get(e.getKey());
            String problem = s == null ? "unknown option; options of " + f.id() + ": "
                    + String.join(", ", specs.keySet()) : MapPluginOptions.typeError(s, e.getValue());
            if (problem != null) {
                err.println("warden test-filter: --set " + e.getKey() + ": " + problem);
                bad = true;
            }
        }
        if (bad) {
            return Optional.empty();
        }
        try {
            PluginOptions opts = new MapPluginOptions(f.options(), options);
            return Optional.of(catalog.createFilter(filterName, opts, "test-filter", clock));
        } catch (PluginConfigException e) {
            err.println("warden test-filter: --set " + e.option() + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
