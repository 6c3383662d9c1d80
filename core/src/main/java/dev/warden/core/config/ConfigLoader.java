package dev.warden.core.config;

import dev.warden.core.net.HostResolver;
import dev.warden.core.net.SystemResolver;
import dev.warden.core.plugin.PluginCatalog;
import dev.warden.core.spi.ActionFactory;
import dev.warden.core.spi.FilterFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Loads and validates a Warden configuration file (YAML).
 *
 * <p>Never throws for bad input and never stops at the first problem: the result holds every issue found
 * (unknown and duplicate keys, wrong types, bad durations and addresses, unknown plugins and options,
 * missing files...), each with file, line and YAML path. The value is present only when there are no
 * errors (warnings allowed). Relative paths resolve against the configuration file's directory.
 * Stateless; safe to call from any thread.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /** Loads {@code file}, checking plugin references against {@code catalog}; timezone defaults to the system's. */
    public static ConfigResult<WardenConfig> load(Path file, PluginCatalog catalog) {
        return load(file, catalog, ZoneId.systemDefault());
    }

    /** Same as {@link #load(Path, PluginCatalog)} with jails' {@code timezone} defaulting to {@code defaultZone}. */
    public static ConfigResult<WardenConfig> load(Path file, PluginCatalog catalog, ZoneId defaultZone) {
        return load(file, catalog, defaultZone, new SystemResolver());
    }

    /**
     * Same as {@link #load(Path, PluginCatalog, ZoneId)}, resolving the host names of {@code ignore} lists with
     * {@code resolver}.
     */
    public static ConfigResult<WardenConfig> load(Path file, PluginCatalog catalog, ZoneId defaultZone,
                                                  HostResolver resolver) {
        Issues issues = new Issues(file.toString());
        Path source = file.toAbsolutePath().normalize();
        Optional<YamlNode> root = parse(source, issues);
        Optional<WardenConfig> config = root.flatMap(r -> {
            NodeReader reader = new NodeReader(issues, source.getParent());
            IgnoreSection ignore = new IgnoreSection(reader, resolver);
            PluginRefReader actions = actionReader(reader, catalog);
            JailReader jails = new JailReader(reader, ignore, filterReader(reader, catalog), actions, defaultZone);
            return new TopLevelReader(reader, jails, ignore, new FleetReader(reader, actions)).read(r, source);
        });
        if (config.isEmpty() || issues.hasErrors()) {
            return ConfigResult.failed(issues.list(), config.orElse(null));
        }
        return ConfigResult.of(config.get(), issues.list());
    }

    /**
     * Reads only the control socket a configuration names ({@code socket}, or its default), without
     * validating the rest: the control commands must reach a running daemon while the file on disk has
     * errors elsewhere (an operator's edit not yet reloaded). There is no value only when the file cannot
     * be read, is not YAML, is not a map, or its {@code socket} is not a path; the issues say why.
     */
    public static ConfigResult<Path> socket(Path file) {
        return onlyPath(file, "socket", WardenConfig.DEFAULT_SOCKET);
    }

    /** The two folders discovery reads: plugin jars ({@code plugin-dir}) and named filters ({@code filter-dir}). */
    public record PluginFolders(Path plugins, Path filters) {

        /** Both defaults, for a command without a configuration to read. */
        public static final PluginFolders DEFAULTS = new PluginFolders(Path.of(WardenConfig.DEFAULT_PLUGIN_DIR),
                Path.of(WardenConfig.DEFAULT_FILTER_DIR));
    }

    /**
     * Reads only the folders a configuration names for plugin jars ({@code plugin-dir}) and named filters
     * ({@code filter-dir}), each its default when unset, from one parse and without validating the rest: the
     * plugins and named filters must be found before the file can be validated, since its filters and actions
     * are checked against them. A relative path resolves against the file's directory. There is no value when
     * the file cannot be read, is not YAML, is not a map, or either key is not a path; the issues say why.
     */
    public static ConfigResult<PluginFolders> pluginFolders(Path file) {
        Issues issues = new Issues(file.toString());
        Path source = file.toAbsolutePath().normalize();
        Optional<PluginFolders> folders = parse(source, issues).flatMap(r -> {
            NodeReader reader = new NodeReader(issues, source.getParent());
            Optional<Path> plugins = TopLevelReader.path(r, reader, "plugin-dir", WardenConfig.DEFAULT_PLUGIN_DIR);
            Optional<Path> filters = TopLevelReader.path(r, reader, "filter-dir", WardenConfig.DEFAULT_FILTER_DIR);
            return plugins.isPresent() && filters.isPresent()
                    ? Optional.of(new PluginFolders(plugins.get(), filters.get())) : Optional.empty();
        });
        return folders.isPresent() ? ConfigResult.of(folders.get(), issues.list()) : ConfigResult.failed(issues.list());
    }

    private static ConfigResult<Path> onlyPath(Path file, String key, String defaultValue) {
        Issues issues = new Issues(file.toString());
        Path source = file.toAbsolutePath().normalize();
        Optional<YamlNode> root = parse(source, issues);
        Optional<Path> path = root.flatMap(r -> TopLevelReader.path(r, new NodeReader(issues, source.getParent()),
                key, defaultValue));
        return path.isPresent() ? ConfigResult.of(path.get(), issues.list()) : ConfigResult.failed(issues.list());
    }

    private static PluginRefReader filterReader(NodeReader reader, PluginCatalog catalog) {
        return new PluginRefReader(reader, "filter", id -> catalog.filter(id).map(FilterFactory::options),
                catalog.filterIds());
    }

    private static PluginRefReader actionReader(NodeReader reader, PluginCatalog catalog) {
        return new PluginRefReader(reader, "action", id -> catalog.action(id).map(ActionFactory::options),
                catalog.actionIds());
    }

    private static Optional<String> readText(Path file, Issues issues) {
        if (!Files.exists(file)) {
            issues.error(0, "", "file not found");
            return Optional.empty();
        }
        if (!Files.isRegularFile(file)) {
            issues.error(0, "", "not a regular file");
            return Optional.empty();
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            issues.error(0, "", "cannot read: not UTF-8 text");
        } catch (IOException e) {
            issues.error(0, "", "cannot read: " + IgnoreSection.reason(e));
        }
        return Optional.empty();
    }

    /** The YAML tree of the file, or empty (with an issue) when it cannot be read, is not YAML or is empty. */
    private static Optional<YamlNode> parse(Path source, Issues issues) {
        Optional<String> text = readText(source, issues);
        Optional<YamlNode> root = text.flatMap(t -> new YamlTreeReader(issues).read(t));
        if (text.isPresent() && root.isEmpty() && !issues.hasErrors()) {
            issues.error(0, "", "file is empty");
        }
        return root;
    }
}
