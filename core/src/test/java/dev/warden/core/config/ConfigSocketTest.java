package dev.warden.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConfigLoader#socket}: the control commands find the daemon even when the rest of the file is wrong;
 * and {@link ConfigLoader#pluginFolders}, read the same way before the plugins the file is checked against.
 */
class ConfigSocketTest {

    @TempDir
    Path dir;

    private ConfigResult<Path> socketOf(String yaml) {
        ConfigFixture fx = new ConfigFixture(dir);
        fx.write("warden.yaml", yaml);
        return ConfigLoader.socket(fx.config);
    }

    @Test
    void errorsElsewhereInTheFileDoNotHideTheSocket() {
        ConfigResult<Path> r = socketOf("""
                socket: /run/w.sock
                jails:
                  smtpd:
                    logs: [nowhere.log]
                    filter: opensmtpd
                    max-retry: ten
                    actions: [{type: pfx}]
                """);
        assertThat(r.value()).contains(Path.of("/run/w.sock"));
        // a full load refuses the same file
        assertThat(ConfigLoader.load(dir.resolve("warden.yaml"), ConfigFixture.catalog()).value()).isEmpty();
    }

    @Test
    void aRelativeSocketResolvesAgainstTheFilesDirectoryAndAMissingOneIsTheDefault() {
        assertThat(socketOf("socket: run/w.sock\njails: {}\n").value()).contains(dir.resolve("run/w.sock"));
        assertThat(socketOf("jails: {}\n").value()).contains(Path.of(WardenConfig.DEFAULT_SOCKET));
    }

    @Test
    void noSocketWhenTheFileIsNotAMapOrTheSocketNotAPathOrTheFileIsMissing() {
        ConfigResult<Path> list = socketOf("- a\n- b\n");
        assertThat(list.value()).isEmpty();
        assertThat(list.errors()).singleElement().asString().isEqualTo(dir.resolve("warden.yaml")
                + ":1: expected a map, got a list");
        ConfigResult<Path> blank = socketOf("socket: ' '\n");
        assertThat(blank.value()).isEmpty();
        assertThat(blank.errors()).singleElement().asString()
                .isEqualTo(dir.resolve("warden.yaml") + ":1: socket: expected a path, got \" \"");
        ConfigResult<Path> missing = ConfigLoader.socket(dir.resolve("none.yaml"));
        assertThat(missing.value()).isEmpty();
        assertThat(missing.errors()).singleElement().asString()
                .isEqualTo(dir.resolve("none.yaml") + ": file not found");
    }

    @Test
    void thePluginDirIsReadAloneLikeTheSocket() {
        ConfigFixture fx = new ConfigFixture(dir);
        fx.write("warden.yaml", """
                plugin-dir: lib/plugins
                jails:
                  smtpd:
                    filter: dovecot
                """);
        assertThat(ConfigLoader.pluginFolders(fx.config).value().map(ConfigLoader.PluginFolders::plugins))
                .contains(dir.resolve("lib/plugins"));
        fx.write("warden.yaml", "jails: {}\n");
        assertThat(ConfigLoader.pluginFolders(fx.config).value()).contains(ConfigLoader.PluginFolders.DEFAULTS);
        fx.write("warden.yaml", "plugin-dir: [a, b]\n");
        ConfigResult<ConfigLoader.PluginFolders> list = ConfigLoader.pluginFolders(fx.config);
        assertThat(list.value()).isEmpty();
        assertThat(list.errors()).singleElement().asString().startsWith(fx.config + ":1: plugin-dir: expected ");
    }
}
