package dev.warden.core.api;

import dev.warden.core.config.MapPluginOptions;
import dev.warden.core.plugin.TestPluginJar;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.testkit.FilterRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The facade over plugin discovery shows what the catalog found, in values of its own. */
class PluginsTest {

    @TempDir
    Path dir;

    private Plugins discover() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("plugins"));
        TestPluginJar.filter("com.example.Dovecot", "dovecot").version("2.0")
                .resource("warden-samples/dovecot.log", "# expect: fail 192.0.2.7 x2\n"
                        + "Nov  7 10:00:00 mail dovecot[1]: auth failed from 192.0.2.7\n")
                .write(folder.resolve("dovecot.jar"));
        TestPluginJar.action("com.example.Note", "note").write(folder.resolve("note.jar"));
        new TestPluginJar().write(folder.resolve("empty.jar"));
        Files.writeString(folder.resolve("broken.jar"), "not a zip");
        return Plugins.discover(folder, "9.9");
    }

    @Test
    void issuesReadAsTheCatalogsProblemsDo() throws Exception {
        try (Plugins plugins = discover()) {
            assertThat(plugins.issues()).map(Object::toString)
                    .isEqualTo(plugins.catalog().problems().stream().map(Object::toString).toList());
            assertThat(plugins.issues()).map(PluginIssue::isError)
                    .isEqualTo(plugins.catalog().problems().stream().map(p -> p.isError()).toList())
                    .contains(true, false);
            assertThat(plugins.hasErrors()).isTrue();
        }
    }

    @Test
    void listsEveryFilterThenEveryActionWithWhereItCameFrom() throws Exception {
        try (Plugins plugins = discover()) {
            List<PluginInfo> all = plugins.all();
            PluginInfo dovecot = all.stream().filter(p -> p.id().equals("dovecot")).findFirst().orElseThrow();
            assertThat(dovecot.kind()).hasToString("filter");
            assertThat(dovecot.origin()).isEqualTo(dir.resolve("plugins/dovecot.jar").toString());
            assertThat(dovecot.version()).isEqualTo("2.0");
            assertThat(dovecot.sha256()).isEqualTo(TestPluginJar.sha256(dir.resolve("plugins/dovecot.jar")));
            assertThat(all.stream().filter(p -> p.origin().equals("built-in"))).allMatch(p -> p.sha256().isEmpty());
            assertThat(dovecot.options()).extracting(OptionSpec::name).containsExactly("prefix", "max-length");
            PluginInfo note = all.stream().filter(p -> p.id().equals("note")).findFirst().orElseThrow();
            assertThat(note.isFilter()).isFalse();
            assertThat(all.indexOf(dovecot)).isLessThan(all.indexOf(note));
            assertThat(all).map(PluginInfo::id).containsAll(plugins.filterIds()).containsAll(plugins.actionIds());
        }
    }

    @Test
    void listsEachJarWhoseCodeWasLoadedWithItsChecksum() throws Exception {
        try (Plugins plugins = discover()) {
            Path folder = dir.resolve("plugins");
            assertThat(plugins.jars()).containsExactly(
                    new PluginJarInfo(folder.resolve("dovecot.jar").toString(), "2.0",
                            TestPluginJar.sha256(folder.resolve("dovecot.jar"))),
                    new PluginJarInfo(folder.resolve("empty.jar").toString(), "unknown",
                            TestPluginJar.sha256(folder.resolve("empty.jar"))),
                    new PluginJarInfo(folder.resolve("note.jar").toString(), "unknown",
                            TestPluginJar.sha256(folder.resolve("note.jar"))));
        }
    }

    @Test
    void summarizesAFiltersSampleLogs() throws Exception {
        try (Plugins plugins = discover()) {
            assertThat(plugins.samples("dovecot"))
                    .containsExactly(new SampleSummary("dovecot.log", "", 1, 1, 2, 1, 0));
            assertThat(plugins.samples("note")).isEmpty();
        }
    }

    @Test
    void createsAFilterOutsideAnyJail() throws Exception {
        try (Plugins plugins = discover()) {
            Filter f = plugins.createFilter("dovecot",
                    new MapPluginOptions(plugins.filter("dovecot").orElseThrow().options(), Map.of()), "trial",
                    Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
            Path log = Files.writeString(dir.resolve("log"),
                    "Nov  7 10:00:00 mail dovecot[1]: auth failed from 192.0.2.7\n");
            assertThat(FilterRunner.run(f, log)).extracting(FilterRunner.Detection::address)
                    .containsExactly(IpAddress.parse("192.0.2.7").orElseThrow());
            assertThatThrownBy(() -> plugins.createFilter("nosuch", null, "trial", Clock.systemUTC()))
                    .isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void aMissingFolderMeansNoPlugins() {
        try (Plugins plugins = Plugins.discover(dir.resolve("absent"), "9.9")) {
            assertThat(plugins.issues()).isEmpty();
            assertThat(plugins.filter("dovecot")).isEmpty();
        }
    }
}
