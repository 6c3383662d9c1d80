package dev.warden.core.engine;

import dev.warden.core.config.FleetSettings;
import dev.warden.core.spi.CommandRunner;
import dev.warden.core.spi.PluginContext;

import java.time.Clock;
import java.util.Objects;

/** The {@link PluginContext} core hands the plugins of one jail. */
public record JailContext(String jailName, Clock clock, CommandRunner commandRunner, String nodeName)
        implements PluginContext {

    public JailContext {
        Objects.requireNonNull(jailName, "jailName");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(commandRunner, "commandRunner");
        Objects.requireNonNull(nodeName, "nodeName");
    }

    /** A context whose node name is this host's name ({@link FleetSettings#localNode()}). */
    public JailContext(String jailName, Clock clock, CommandRunner commandRunner) {
        this(jailName, clock, commandRunner, FleetSettings.localNode());
    }
}
