package dev.warden.core.testkit;

import dev.warden.core.config.MapPluginOptions;
import dev.warden.core.engine.JailContext;
import dev.warden.core.log.LineConsumer;
import dev.warden.core.log.LogFeeder;
import dev.warden.core.log.MutableLogLine;
import dev.warden.core.log.SyslogHeaderParser;
import dev.warden.core.spi.CommandResult;
import dev.warden.core.spi.FailureSink;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.LogLine;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.PluginConfigException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs a filter over a log file through core's real line reader and header parser, and returns what it
 * reported, line by line. For filter authors' JUnit tests:
 * <pre>{@code
 * List<Detection> d = FilterRunner.run(new MyFilterFactory(), Map.of("mode", "aggressive"), Path.of("my.log"));
 * }</pre>
 * RFC 3164 years are inferred against {@link #REFERENCE} in UTC.
 */
public final class FilterRunner {

    /** The "now" RFC 3164 dates are inferred against. */
    public static final Instant REFERENCE = Instant.parse("2026-12-31T23:00:00Z");

    private FilterRunner() {
    }

    /**
     * What a filter reported on one line.
     *
     * @param line 1-based line number
     * @param address the failure's address; null for an unattributed failure
     * @param kind the failure kind
     * @param epochMillis the failure's log time
     */
    public record Detection(long line, IpAddress address, String kind, long epochMillis) {
    }

    /**
     * Creates a filter from a factory and plain option values (strings, numbers, booleans, lists), checked
     * against the factory's declared options as {@code warden validate} checks them: an unknown option, a
     * value of the wrong type or a missing required option is an IllegalArgumentException.
     */
    public static Filter create(FilterFactory factory, Map<String, ?> options) {
        Map<String, OptionSpec> specs = factory.options().stream()
                .collect(Collectors.toMap(OptionSpec::name, s -> s));
        for (Map.Entry<String, ?> e : options.entrySet()) {
            OptionSpec spec = specs.get(e.getKey());
            if (spec == null) {
                throw new IllegalArgumentException("filter " + factory.id() + " has no option " + e.getKey());
            }
            String error = MapPluginOptions.typeError(spec, e.getValue());
            if (error != null) {
                throw new IllegalArgumentException("option " + e.getKey() + ": " + error);
            }
        }
        for (OptionSpec spec : specs.values()) {
            if (spec.required() && !options.containsKey(spec.name())) {
                throw new IllegalArgumentException("filter " + factory.id() + " needs option " + spec.name());
            }
        }
        JailContext context = new JailContext("test", Clock.fixed(REFERENCE, ZoneOffset.UTC),
                (argv, stdin, timeout) -> new CommandResult(127, "", "commands are not run in FilterRunner", false));
        try {
            return factory.create(new MapPluginOptions(factory.options(), options), context);
        } catch (PluginConfigException e) {
            throw new IllegalArgumentException("option " + e.option() + ": " + e.getMessage(), e);
        }
    }

    /**
     * One log line parsed by core's real header parser (RFC 3164 years inferred against {@link #REFERENCE},
     * UTC), for feeding a filter line by line in a test. Each call returns a new, independent line.
     */
    public static LogLine line(String text) {
        byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        MutableLogLine l = new MutableLogLine();
        new SyslogHeaderParser(REFERENCE, ZoneOffset.UTC).parse(b, 0, b.length, l);
        return l;
    }

    /** Runs a new filter over the whole file and returns every detection in order. */
    public static List<Detection> run(FilterFactory factory, Map<String, ?> options, Path log) {
        return run(create(factory, options), log);
    }

    /** Runs {@code filter} over the whole file and returns every detection in order. */
    public static List<Detection> run(Filter filter, Path log) {
        return run(filter, (feeder, consumer) -> feeder.feed(log, consumer));
    }

    /** Runs {@code filter} over a whole log held in memory ({@code name} for messages); every detection in order. */
    public static List<Detection> run(Filter filter, byte[] log, String name) {
        return run(filter, (feeder, consumer) -> feeder.feed(new ByteArrayInputStream(log), name, 0, consumer));
    }

    /** One way to feed a whole log. */
    private interface Feed {
        void into(LogFeeder feeder, LineConsumer consumer) throws IOException;
    }

    private static List<Detection> run(Filter filter, Feed feed) {
        List<Detection> out = new ArrayList<>();
        try {
            feed.into(new LogFeeder(new SyslogHeaderParser(REFERENCE, ZoneOffset.UTC)),
                    line -> filter.accept(line, sink(line, out)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static FailureSink sink(LogLine line, List<Detection> out) {
        long n = line.lineNumber();
        return new FailureSink() {
            @Override
            public void failure(IpAddress address, long epochMillis, String kind) {
                out.add(new Detection(n, address, kind, epochMillis));
            }

            @Override
            public void unattributed(long epochMillis, String kind) {
                out.add(new Detection(n, null, kind, epochMillis));
            }
        };
    }
}
