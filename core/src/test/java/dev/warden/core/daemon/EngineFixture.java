package dev.warden.core.daemon;

import dev.warden.core.config.BanTimeIncrement;
import dev.warden.core.config.JailDefinition;
import dev.warden.core.config.MapPluginOptions;
import dev.warden.core.config.PluginRef;
import dev.warden.core.engine.ActionDispatcher;
import dev.warden.core.net.Cidr;
import dev.warden.core.net.IgnoreList;
import dev.warden.core.spi.Action;
import dev.warden.core.spi.ActionException;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.OptionType;
import dev.warden.core.testkit.MutableClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Jails for engine tests: a log file each, a filter reading {@code fail ADDRESS}, an action recording calls. */
final class EngineFixture {

    /** {@code fail ADDRESS} after the header is a failure of ADDRESS at the line's time. */
    static final Filter FAIL_FILTER = (line, sink) -> {
        String m = line.message();
        if (m.startsWith("fail ")) {
            IpAddress.parse(m.substring(5).strip()).ifPresent(a -> sink.failure(a, line.epochMillis(), "auth"));
        }
    };

    /**
     * A filter with multi-line state: {@code open ID ADDRESS} binds a session, {@code fail ID} is a failure
     * of its address; the bindings are its saved state ({@code ID ADDRESS} lines).
     */
    static final class SessionFilter implements Filter {
        final Map<String, IpAddress> sessions = new java.util.TreeMap<>();

        @Override
        public void accept(dev.warden.core.spi.LogLine line, dev.warden.core.spi.FailureSink sink) {
            String[] f = line.message().split(" ");
            if (f.length == 3 && f[0].equals("open")) {
                IpAddress.parse(f[2]).ifPresent(a -> sessions.put(f[1], a));
            } else if (f.length == 2 && f[0].equals("fail")) {
                IpAddress a = sessions.get(f[1]);
                if (a != null) {
                    sink.failure(a, line.epochMillis(), "auth");
                } else {
                    sink.unattributed(line.epochMillis(), "auth");
                }
            }
        }

        @Override
        public String saveState() {
            StringBuilder sb = new StringBuilder();
            sessions.forEach((id, a) -> sb.append(id).append(' ').append(a).append('\n'));
            return sessions.isEmpty() ? null : sb.toString();
        }

        @Override
        public void restoreState(String state) {
            for (String l : state.split("\n")) {
                String[] f = l.split(" ");
                if (f.length == 2) {
                    IpAddress.parse(f[1]).ifPresent(a -> sessions.put(f[0], a));
                }
            }
        }
    }

    /** Records "ban A B" / "unban A" per call, shared by every jail of a test; fails while told to. */
    final class Recorder implements Action {
        final String jail;

        Recorder(String jail) {
            this.jail = jail;
        }

        @Override
        public void ban(List<Ban> bans) throws ActionException {
            calls.add(jail + " ban " + addresses(bans));
            if (failing) {
                throw new ActionException("pfctl: Table does not exist.");
            }
        }

        @Override
        public void unban(List<Ban> bans) throws ActionException {
            calls.add(jail + " unban " + addresses(bans));
            if (failing) {
                throw new ActionException("pfctl: Table does not exist.");
            }
        }

        private static String addresses(List<Ban> bans) {
            return bans.stream().map(b -> b.address().toString()).collect(Collectors.joining(" "));
        }
    }

    final Path dir;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-07T12:00:00Z"));
    final List<String> calls = new ArrayList<>();
    /** The failure weights the next jail gets. */
    Map<String, Double> weights = Map.of();
    /** The filter (and its type name) the next jail gets. */
    java.util.function.Supplier<Filter> filter = () -> FAIL_FILTER;
    String filterType = "test";
    /** The {@code table} the next jail's action is configured with (null: left to its default, "bot"). */
    String table;
    /** Whether the next jail spares this host's addresses ({@code ignore-self}); off so tests do not depend on the host. */
    boolean ignoreSelf;
    /** The prefix lengths the next jail counts and bans under. */
    dev.warden.core.net.PrefixLengths prefixes = dev.warden.core.net.PrefixLengths.FULL;
    /** Whether the next jail's action takes bans of networks ({@code ActionFactory.acceptsNetworks()}). */
    boolean actionTakesNetworks = true;
    /** While true, every action call fails (after being recorded). */
    boolean failing;

    EngineFixture(Path dir) {
        this.dir = dir;
    }

    /** A jail following {@code log} (created if missing). */
    JailParts jail(String name, String log, int maxRetry, Duration banTime, BanTimeIncrement increment,
                   String... ignore) {
        Path file = dir.resolve(log);
        try {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Cidr> ranges = new ArrayList<>();
        for (String i : ignore) {
            ranges.add(Cidr.parse(i).orElseThrow());
        }
        PluginRef ref = new PluginRef(filterType, new MapPluginOptions(List.of(), Map.of()), "test.yaml", 1,
                "jails." + name + ".filter", Map.of());
        PluginRef action = new PluginRef("rec", new MapPluginOptions(
                List.of(OptionSpec.optional("table", OptionType.STRING, "bot", "the table")),
                table == null ? Map.of() : Map.of("table", table)), "test.yaml", 1, "jails." + name + ".actions[0]",
                Map.of());
        JailDefinition def = new JailDefinition(name, true, List.of(file.toString()), ref, maxRetry,
                Duration.ofHours(1), banTime, List.of(action), IgnoreList.of(ranges), ignoreSelf, ZoneOffset.UTC, increment,
                1000, weights, prefixes, java.util.Optional.empty(), java.util.Optional.empty());
        return new JailParts(def, filter.get(), new ActionDispatcher(name,
                List.of(new ActionDispatcher.NamedAction("rec", new Recorder(name), actionTakesNetworks))));
    }

    /**
     * A jail reading the journal ({@code source: {type: journal, unit: ssh.service}}) through {@code journalctl},
     * a stand-in the test writes, instead of logs.
     */
    JailParts journalJail(String name, Path journalctl, int maxRetry, Duration banTime) {
        JailParts p = jail(name, name + ".unused", maxRetry, banTime);
        JailDefinition d = p.definition();
        JailDefinition def = new JailDefinition(name, true, List.of(), d.filter(), maxRetry, d.findTime(), banTime,
                d.actions(), d.ignore(), d.ignoreSelf(), d.timezone(), d.increment(), d.maxTracked(), d.weights(),
                d.prefixes(), java.util.Optional.of(new dev.warden.core.config.SourceSpec.Journal(journalctl,
                        java.util.Optional.of("ssh.service"), List.of(), java.util.Optional.empty(),
                        java.util.Optional.empty())), java.util.Optional.empty());
        return new JailParts(def, p.filter(), p.actions());
    }

    JailParts jail(String name, String log, int maxRetry, Duration banTime) {
        return jail(name, log, maxRetry, banTime, BanTimeIncrement.NONE);
    }

    /** Appends {@code fail ADDRESS} lines at {@code at} to {@code log}. */
    void fail(String log, Instant at, String... addresses) {
        for (String a : addresses) {
            write(log, at, "fail " + a);
        }
    }

    /** Appends one line with {@code message} at {@code at} to {@code log}. */
    void write(String log, Instant at, String message) {
        StringBuilder sb = new StringBuilder();
        sb.append(at).append(" host test: ").append(message).append('\n');
        try {
            Files.writeString(dir.resolve(log), sb, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The calls recorded so far, then forgets them. */
    List<String> takeCalls() {
        List<String> out = List.copyOf(calls);
        calls.clear();
        return out;
    }
}
