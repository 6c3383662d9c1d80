package dev.warden.core.spi;

import java.time.Clock;

/** What core hands a plugin when it creates a filter or action for a jail. */
public interface PluginContext {

    /** The jail's name. Never null. */
    String jailName();

    /** The clock to use for "now"; plugins never call {@code Instant.now()}. Never null. */
    Clock clock();

    /** Runs external commands as argument lists, never through a shell. Never null. */
    CommandRunner commandRunner();

    /**
     * This host's name as warden reports it: the fleet section's {@code node} when there is one, else the
     * host name up to its first dot ({@code localhost} when it has none usable). Never null.
     *
     * @since SPI 1 (added without a version change: plugins only call it, and core supplies it)
     */
    String nodeName();
}
