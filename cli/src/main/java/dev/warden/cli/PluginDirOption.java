package dev.warden.cli;

import dev.warden.core.api.Plugins;
import dev.warden.core.config.ConfigLoader;
import dev.warden.core.config.WardenConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The {@code --plugin-dir} option of every command that loads plugins ({@code run}, {@code scan},
 * {@code validate}, {@code test-filter}, {@code plugins}), and the discovery it leads to.
 */
@Command(addMethodSubcommands = false) // picocli would search its methods for subcommands at every start
public final class PluginDirOption {

    private static final Logger LOG = LoggerFactory.getLogger(PluginDirOption.class);

    /** The prefix of every plugin problem a command prints on stderr. */
    static final String PROBLEM_PREFIX = "warden: plugin: ";

    @Option(names = "--plugin-dir", paramLabel = "DIR",
            description = "Folder of plugin jars (default: the configuration's plugin-dir, else "
                    + WardenConfig.DEFAULT_PLUGIN_DIR + ").")
    Path dir;

    /**
     * Finds the built-ins, the plugins of {@link #folders(Path)} and its named filters, and prints every plugin
     * problem on {@code err}, one {@code warden: plugin: ...} line each.
     */
    Plugins discover(Path config, PrintWriter err) {
        ConfigLoader.PluginFolders f = folders(config);
        return report(discover(f.plugins(), f.filters()), err);
    }

    /**
     * The folders to discover: {@code --plugin-dir}, else the configuration's {@code plugin-dir}, and its
     * {@code filter-dir}, both read from one parse of {@code config} before it is validated (a file that
     * cannot be read is reported by the command's own load of it, not here: the defaults stand in); the
     * defaults when there is no config.
     *
     * @param config the configuration file, or null when the command has none to read
     */
    ConfigLoader.PluginFolders folders(Path config) {
        return override(config == null ? ConfigLoader.PluginFolders.DEFAULTS
                : ConfigLoader.pluginFolders(config).value().orElse(ConfigLoader.PluginFolders.DEFAULTS));
    }

    /** {@code folders} with {@code --plugin-dir} for the jars when it is given; the filters' folder stays. */
    ConfigLoader.PluginFolders override(ConfigLoader.PluginFolders folders) {
        return dir == null ? folders : new ConfigLoader.PluginFolders(dir, folders.filters());
    }

    /** Built-ins, the plugins of {@code folder} (none when it is missing) and the named filters of {@code filterDir}. */
    static Plugins discover(Path folder, Path filterDir) {
        return Plugins.discover(folder, filterDir, VersionProvider.version());
    }

    /**
     * Logs at INFO, for the record of what ran as this user, each jar whose code was loaded:
     * {@code plugin: JAR: loaded, version V, sha256 HEX}. For the commands that act on their findings (the
     * daemon, {@code scan}); the others show the checksum on demand ({@code warden plugins --describe}).
     */
    static void logJars(Plugins plugins) {
        plugins.jars().forEach(j -> LOG.info("plugin: {}: loaded, version {}, sha256 {}", j.path(), j.version(),
                j.sha256()));
    }

    /** Prints every issue of {@code plugins} on {@code err}, one {@code warden: plugin: ...} line each. */
    static Plugins report(Plugins plugins, PrintWriter err) {
        plugins.issues().forEach(p -> err.println(PROBLEM_PREFIX + p));
        err.flush();
        return plugins;
    }
}
