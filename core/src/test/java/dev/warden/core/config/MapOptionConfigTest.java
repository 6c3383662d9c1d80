package dev.warden.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A map-valued plugin option ({@code STRING_MAP}, the regex filter's {@code pieces}) and the {@code filter-dir} key. */
class MapOptionConfigTest {

    @TempDir
    Path dir;

    private static final String JAIL = """
            jails:
              j:
                logs: [DIR/maillog]
                actions: [log]
                filter:
                  type: regex
                  tag: t
                  fail: ['x <ADDR>']
            """;

    @Test
    void aMapOptionKeepsItsEntriesInTheOrderWritten() {
        WardenConfig c = new ConfigFixture(dir).loadClean(JAIL + "      names: {zeta: 'a+', alpha: '[0-9]', mid: 'x'}\n");
        assertThat(c.jails().get("j").filter().options().stringMap("names"))
                .containsExactly(java.util.Map.entry("zeta", "a+"), java.util.Map.entry("alpha", "[0-9]"),
                        java.util.Map.entry("mid", "x"));
    }

    @Test
    void anUnsetMapOptionIsEmpty() {
        WardenConfig c = new ConfigFixture(dir).loadClean(JAIL);
        assertThat(c.jails().get("j").filter().options().stringMap("names")).isEmpty();
    }

    @Test
    void aListOrANestedValueIsRefusedWithItsPathAndLine() {
        ConfigResult<WardenConfig> list = new ConfigFixture(dir).load(JAIL + "      names: [a, b]\n");
        assertThat(list.issues()).singleElement().satisfies(i -> {
            assertThat(i.yamlPath()).isEqualTo("jails.j.filter.names");
            assertThat(i.line()).isEqualTo(9);
            assertThat(i.message()).contains("expected a map of names to strings");
        });
        ConfigResult<WardenConfig> nested = new ConfigFixture(dir).load(JAIL + "      names: {a: [x]}\n");
        assertThat(nested.issues()).singleElement().satisfies(i -> assertThat(i.yamlPath())
                .isEqualTo("jails.j.filter.names.a"));
    }

    @Test
    void filterDirIsATopLevelPathReadAloneBeforeTheRest() {
        ConfigFixture f = new ConfigFixture(dir);
        assertThat(f.load("filter-dir: filters.d\n" + JAIL).issues()).isEmpty();
        assertThat(ConfigLoader.pluginFolders(f.config).value().map(ConfigLoader.PluginFolders::filters))
                .contains(dir.resolve("filters.d"));
        f.write("warden.yaml", JAIL);
        assertThat(ConfigLoader.pluginFolders(f.config).value()).contains(ConfigLoader.PluginFolders.DEFAULTS);
        assertThat(f.load("filter-dir: [a]\n" + JAIL).issues()).singleElement()
                .satisfies(i -> assertThat(i.yamlPath()).isEqualTo("filter-dir"));
        assertThat(ConfigLoader.pluginFolders(f.config).value()).isEmpty();
        f.write("warden.yaml", "plugin-dir: jars\nfilter-dir: /etc/w/filters\n" + JAIL);
        assertThat(ConfigLoader.pluginFolders(f.config).value())
                .contains(new ConfigLoader.PluginFolders(dir.resolve("jars"), Path.of("/etc/w/filters")));
    }
}
