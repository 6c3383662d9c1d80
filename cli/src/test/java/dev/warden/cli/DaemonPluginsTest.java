package dev.warden.cli;

import dev.warden.core.api.Plugins;
import dev.warden.core.plugin.TestPluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** When the daemon closes the plugin jars of a catalog: never while jails made from it may still run. */
class DaemonPluginsTest {

    @TempDir
    Path dir;

    /** A catalog of one jar, whose class loader can still read the jar's resource {@code probe} while open. */
    private Plugins catalog(String name) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        TestPluginJar.filter("com.example.F", "f").resource("probe", "x").write(folder.resolve("f.jar"));
        return Plugins.discover(folder, "1");
    }

    private static boolean open(Plugins c) {
        return c.filter("f").orElseThrow().getClass().getClassLoader().getResource("probe") != null;
    }

    @Test
    void aRefusedCatalogIsClosedAtOnceAReplacedOneAtTheNextLoadTheRestAtTheEnd() throws Exception {
        Plugins first = catalog("first");
        Plugins refused = catalog("refused");
        Plugins second = catalog("second");
        Plugins third = catalog("third");
        try (DaemonPlugins plugins = new DaemonPlugins()) {
            plugins.loaded(first, false);
            plugins.loaded(refused, true);
            assertThat(open(refused)).isFalse();
            assertThat(open(first)).isTrue();

            plugins.loaded(second, false); // the daemon stops first's jails after this returns
            assertThat(open(first)).isTrue();
            plugins.loaded(third, false);
            assertThat(open(first)).isFalse();
            assertThat(open(second)).isTrue();
            assertThat(open(third)).isTrue();
        }
        assertThat(open(second)).isFalse();
        assertThat(open(third)).isFalse();
    }
}
