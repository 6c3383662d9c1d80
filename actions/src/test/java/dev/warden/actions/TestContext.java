package dev.warden.actions;

import dev.warden.core.spi.Ban;
import dev.warden.core.spi.CommandRunner;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.PluginContext;

import java.time.Clock;
import java.time.Instant;

/** A {@link PluginContext} for tests, plus a way to make bans. */
public record TestContext(String jailName, Clock clock, CommandRunner commandRunner, String nodeName)
        implements PluginContext {

    /** A runner for actions that must not execute anything. */
    public static final CommandRunner FORBIDDEN = (argv, stdin, timeout) -> {
        throw new AssertionError("executed " + argv);
    };

    /** A context on node {@code gate}. */
    public TestContext(String jailName, Clock clock, CommandRunner commandRunner) {
        this(jailName, clock, commandRunner, "gate");
    }

    public static TestContext of(CommandRunner runner) {
        return new TestContext("ssh", Clock.systemUTC(), runner, "gate");
    }

    /** An automatic ban of {@code address} by jail ssh, 2025-01-01 for one hour, after 5 failures. */
    public static Ban ban(String address) {
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        return new Ban("ssh", IpAddress.parseNetwork(address).orElseThrow(), start, start.plusSeconds(3600), 5,
                Ban.Origin.AUTOMATIC);
    }
}
