package dev.warden.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code -c/--config} option shared by every command that reads the configuration. */
@Command(addMethodSubcommands = false) // picocli would search its methods for subcommands at every start
public final class ConfigOption {

    /** Where the configuration lives unless {@code -c} says otherwise. */
    public static final Path DEFAULT = Path.of("/etc/warden.yaml");

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: ${DEFAULT-VALUE}).", defaultValue = "/etc/warden.yaml")
    Path config = DEFAULT;

    /** The configuration file to read. */
    public Path path() {
        return config;
    }

    /** Whether the operator named a file (rather than relying on the default). */
    public boolean explicit() {
        return !config.equals(DEFAULT);
    }
}
