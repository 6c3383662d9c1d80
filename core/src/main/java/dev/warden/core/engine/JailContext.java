package dev.warden.core.engine;

import dev.warden.core.spi.CommandRunner;
import dev.warden.core.spi.PluginContext;

import java.time.Clock;
import java.util.Objects;

/** The {@link PluginContext} core hands the plugins of one jail. */
public record JailContext(String jailName, Clock clock, CommandRunner commandRunner) implements PluginContext {

    public JailContext {
        Objects.requireNonNull(jailName, "jailName");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(commandRunner, "commandRunner");
    }
}
