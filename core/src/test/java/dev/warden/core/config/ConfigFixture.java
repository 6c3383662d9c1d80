package dev.warden.core.config;

import dev.warden.core.plugin.LogTestAction;
import dev.warden.core.plugin.OpenSmtpdTestFilter;
import dev.warden.core.plugin.PfTestAction;
import dev.warden.core.plugin.PluginCatalog;
import dev.warden.core.plugin.RegexTestFilter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

/**
 * Writes configuration files into a temporary directory and loads them with a catalog of the test plugins
 * (filters opensmtpd and regex, actions pf and log). {@code DIR} in YAML text stands for that directory.
 * The directory holds an empty {@code maillog}.
 */
final class ConfigFixture {

    static final ZoneId DEFAULT_ZONE = ZoneId.of("America/Denver");

    final Path dir;
    final Path config;

    ConfigFixture(Path dir) {
        this.dir = dir;
        this.config = dir.resolve("warden.yaml");
        write("maillog", "");
    }

    static PluginCatalog catalog() {
        return PluginCatalog.of(List.of(new OpenSmtpdTestFilter(), new RegexTestFilter()),
                List.of(new PfTestAction(), new LogTestAction()));
    }

    Path write(String name, String content) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content.replace("DIR", dir.toString()));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ConfigResult<WardenConfig> load(String yaml) {
        write("warden.yaml", yaml);
        return ConfigLoader.load(config, catalog(), DEFAULT_ZONE);
    }

    /** Loads and insists there are no issues at all. */
    WardenConfig loadClean(String yaml) {
        ConfigResult<WardenConfig> result = load(yaml);
        if (!result.issues().isEmpty()) {
            throw new AssertionError("unexpected issues: " + result.issues());
        }
        return result.value().orElseThrow();
    }

    /** An error in warden.yaml. */
    ConfigIssue error(int line, String yamlPath, String message) {
        return ConfigIssue.error(config.toString(), line, yamlPath, message);
    }

    ConfigIssue warning(int line, String yamlPath, String message) {
        return ConfigIssue.warning(config.toString(), line, yamlPath, message);
    }
}
