package dev.warden.core.plugin;

import dev.warden.core.spi.ActionFactory;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.Spi;
import dev.warden.core.testkit.FilterRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plugin jars built in the test ({@link TestPluginJar}) in a plugin folder, next to stand-in built-ins
 * ({@code opensmtpd} filter, {@code pf} action) found on a class path as the CLI finds its own.
 */
class PluginFolderTest {

    private static final String VERSION = "9.9";

    @TempDir
    Path dir;
    Path plugins;

    @BeforeEach
    void folder() throws IOException {
        plugins = Files.createDirectories(dir.resolve("plugins"));
    }

    private ClassLoader builtIns() throws IOException {
        return builtIns(dir);
    }

    /** A class path in {@code dir} with the stand-in built-ins listed in its META-INF/services. */
    static ClassLoader builtIns(Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("builtins/META-INF/services"));
        Files.writeString(root.resolve(FilterFactory.class.getName()), OpenSmtpdTestFilter.class.getName() + "\n");
        Files.writeString(root.resolve(ActionFactory.class.getName()), PfTestAction.class.getName() + "\n");
        return new URLClassLoader(new URL[] {dir.resolve("builtins").toUri().toURL()},
                PluginFolderTest.class.getClassLoader());
    }

    private PluginCatalog discover() throws IOException {
        return PluginCatalog.discover(builtIns(), VERSION, plugins);
    }

    private static List<String> messages(PluginCatalog catalog) {
        return catalog.problems().stream().map(PluginProblem::toString).toList();
    }

    @Test
    void aJarsFactoriesAreListedNextToTheBuiltInsWithOriginAndVersion() throws Exception {
        Path dovecot = TestPluginJar.filter("com.example.dovecot.DovecotFilter", "dovecot").version("1.2")
                .write(plugins.resolve("dovecot.jar"));
        Path quiet = TestPluginJar.action("com.example.quiet.QuietAction", "quiet").write(plugins.resolve("quiet.jar"));
        Files.writeString(plugins.resolve("README.txt"), "not a jar: ignored");

        try (PluginCatalog catalog = discover()) {
            assertThat(catalog.problems()).isEmpty();
            assertThat(catalog.filterIds()).containsExactly("opensmtpd", "dovecot");
            assertThat(catalog.actionIds()).containsExactly("pf", "quiet");
            assertThat(catalog.filterSource("opensmtpd")).contains(PluginSource.builtIn(VERSION));
            assertThat(catalog.filterSource("dovecot")).contains(new PluginSource(dovecot, "1.2", TestPluginJar.sha256(dovecot)));
            assertThat(catalog.actionSource("quiet"))
                    .contains(new PluginSource(quiet, PluginSource.UNKNOWN_VERSION, TestPluginJar.sha256(quiet)));
            assertThat(catalog.jars()).containsExactly(catalog.filterSource("dovecot").get(),
                    catalog.actionSource("quiet").get());
            assertThat(catalog.filterSource("dovecot").get().origin()).isEqualTo(dovecot.toString());
            assertThat(catalog.filterSource("opensmtpd").get().origin()).isEqualTo("built-in");

            FilterFactory plugin = catalog.filter("dovecot").get();
            assertThat(plugin.getClass().getClassLoader()).isInstanceOf(URLClassLoader.class)
                    .isNotSameAs(catalog.action("quiet").get().getClass().getClassLoader());
            assertThat(plugin.getClass().getClassLoader().getParent()).isInstanceOf(CoreApiClassLoader.class);
            assertThat(plugin.description()).isEqualTo("test filter dovecot");

            Path log = Files.writeString(dir.resolve("maillog"),
                    "Nov  7 10:00:00 mail dovecot[1]: auth failed from 192.0.2.7 user=x\n"
                            + "Nov  7 10:00:01 mail dovecot[1]: login from 192.0.2.8\n");
            assertThat(FilterRunner.run(plugin, Map.of(), log)).singleElement()
                    .satisfies(d -> assertThat(d.address()).hasToString("192.0.2.7"));
        }
    }

    @Test
    void aMissingFolderMeansNoPluginsAndAFileInsteadOfAFolderIsReported() throws Exception {
        PluginCatalog none = PluginCatalog.discover(builtIns(), VERSION, dir.resolve("nowhere"));
        assertThat(none.problems()).isEmpty();
        assertThat(none.filterIds()).containsExactly("opensmtpd");

        Path file = Files.writeString(dir.resolve("plugins.txt"), "");
        PluginCatalog notADir = PluginCatalog.discover(builtIns(), VERSION, file);
        assertThat(messages(notADir))
                .containsExactly(file + ": the plugin folder is not a directory; no plugins loaded");
        assertThat(notADir.hasErrors()).isTrue();
        assertThat(notADir.filterIds()).containsExactly("opensmtpd");
    }

    @Test
    void aServicesLineNamingAMissingClassIsReportedWithTheJar() throws Exception {
        Path jar = TestPluginJar.filter("com.example.Good", "good")
                .service(FilterFactory.class, "com.example.Missing").write(plugins.resolve("missing.jar"));
        try (PluginCatalog catalog = discover()) {
            assertThat(messages(catalog)).containsExactly(
                    jar + ": cannot load FilterFactory provider: Provider com.example.Missing not found");
            assertThat(catalog.filterIds()).containsExactly("opensmtpd", "good");
        }
    }

    @Test
    void aProviderWhoseConstructorThrowsIsReportedWithTheJar() throws Exception {
        Path jar = TestPluginJar.throwingConstructor("com.example.Throwing").write(plugins.resolve("throwing.jar"));
        TestPluginJar.filter("com.example.Good", "good").write(plugins.resolve("good.jar"));
        try (PluginCatalog catalog = discover()) {
            assertThat(messages(catalog)).containsExactly(jar + ": cannot load FilterFactory provider: Provider "
                    + "com.example.Throwing could not be instantiated (caused by java.lang.IllegalStateException: "
                    + "boom in constructor)");
            assertThat(catalog.filterIds()).containsExactly("opensmtpd", "good");
        }
    }

    @Test
    void aFileThatIsNotAZipIsReported() throws Exception {
        Path jar = TestPluginJar.notAJar(plugins.resolve("broken.jar"));
        TestPluginJar.filter("com.example.Good", "good").write(plugins.resolve("good.jar"));
        try (PluginCatalog catalog = discover()) {
            assertThat(messages(catalog)).singleElement().asString()
                    .startsWith(jar + ": not a jar file (").endsWith("); skipped");
            assertThat(catalog.filterIds()).containsExactly("opensmtpd", "good");
        }
    }

    @Test
    void aClassCompiledForANewerJavaIsReported() throws Exception {
        Path jar = TestPluginJar.filter("com.example.Newer", "newer")
                .classFileVersion("com.example.Newer", TestPluginJar.JAVA_21).write(plugins.resolve("newer.jar"));
        try (PluginCatalog catalog = discover()) {
            assertThat(messages(catalog)).singleElement().asString()
                    .startsWith(jar + ": cannot load FilterFactory provider: compiled for a newer Java than this one ("
                            + Runtime.version().feature() + "): java.lang.UnsupportedClassVersionError: "
                            + "com/example/Newer has been compiled by a more recent version");
            assertThat(catalog.filterIds()).containsExactly("opensmtpd");
        }
    }

    @Test
    void aProviderBuiltAgainstAnotherSpiIsReportedAsIncompatible() throws Exception {
        Path jar = TestPluginJar.builtAgainstAnotherSpi("com.example.Old").write(plugins.resolve("old.jar"));
        try (PluginCatalog catalog = discover()) {
            assertThat(messages(catalog)).singleElement().asString()
                    .startsWith(jar + ": filter com.example.Old: id(): built against an incompatible Warden SPI: "
                            + "java.lang.AbstractMethodError: ")
                    .endsWith("; skipped");
            assertThat(catalog.filterIds()).containsExactly("opensmtpd");
        }
    }

    @Test
    void aProviderNeedingALibraryItsJarLacksIsReported() throws Exception {
        Path jar = new TestPluginJar()
                .compileOnly("com.lib.Names", "package com.lib; public final class Names { "
                        + "public static String id() { return \"needy\"; } }")
                .source("com.example.Needy", TestPluginJar.header("com.example.Needy") + """
                        public final class Needy implements FilterFactory {
                            public String id() { return com.lib.Names.id(); }
                            public String description() { return "needs com.lib"; }
                            public Filter create(PluginOptions o, PluginContext c) { return null; }
                        }
                        """)
                .service(FilterFactory.class, "com.example.Needy").write(plugins.resolve("needy.jar"));
        try (PluginCatalog catalog = discover()) {
            assertThat(messages(catalog)).containsExactly(jar + ": filter com.example.Needy: id(): needs a class "
                    + "that neither its jar nor Warden's core provides: java.lang.NoClassDefFoundError: com/lib/Names "
                    + "(caused by java.lang.ClassNotFoundException: com.lib.Names); skipped");
        }
    }

    @Test
    void aJarDeclaringAnotherSpiVersionIsRefusedBeforeAnyOfItsClassesLoads() throws Exception {
        // Its provider would throw in its constructor: refusing the jar must come first.
        Path jar = TestPluginJar.filter("com.example.Future", "future").manifest(Spi.MANIFEST_ATTRIBUTE, "2")
                .service(FilterFactory.class, "com.example.Missing").write(plugins.resolve("future.jar"));
        Path garbled = TestPluginJar.filter("com.example.Garbled", "garbled")
                .manifest(Spi.MANIFEST_ATTRIBUTE, "one").write(plugins.resolve("garbled.jar"));
        try (PluginCatalog catalog = discover()) {
            assertThat(messages(catalog)).containsExactly(
                    jar + ": built for Warden SPI 2, this Warden provides SPI 1; rebuild the plugin against "
                            + "warden-core 9.9",
                    garbled + ": Warden-SPI-Version \"one\" is not a number; refused");
            assertThat(catalog.filterIds()).containsExactly("opensmtpd");
        }
    }

    @Test
    void aJarWithoutSpiVersionLoadsWithAWarning() throws Exception {
        Path jar = TestPluginJar.filter("com.example.Plain", "plain").manifest(Spi.MANIFEST_ATTRIBUTE, null)
                .write(plugins.resolve("plain.jar"));
        try (PluginCatalog catalog = discover()) {
            assertThat(messages(catalog)).containsExactly(jar + ": warning: no Warden-SPI-Version in its manifest; "
                    + "loaded as if built for Warden SPI 1 (declare it: Warden-SPI-Version: 1)");
            assertThat(catalog.hasErrors()).isFalse();
            assertThat(catalog.filterIds()).containsExactly("opensmtpd", "plain");
        }
    }

    @Test
    void twoJarsClaimingOneIdAreBothRefusedAndTheirOtherIdsStillLoad() throws Exception {
        TestPluginJar.filter("com.a.Dovecot", "dovecot").write(plugins.resolve("a.jar"));
        TestPluginJar.filter("com.b.Dovecot", "dovecot")
                .source("com.b.Other", TestPluginJar.filterSource("com.b.Other", "other", "other"))
                .service(FilterFactory.class, "com.b.Other").write(plugins.resolve("b.jar"));
        try (PluginCatalog catalog = discover()) {
            assertThat(messages(catalog)).containsExactly(plugins + ": duplicate filter id \"dovecot\" in "
                    + "a.jar (com.a.Dovecot) and b.jar (com.b.Dovecot); neither is used");
            assertThat(catalog.filterIds()).containsExactly("opensmtpd", "other");
            assertThat(catalog.filterSource("other").get().jar()).isEqualTo(plugins.resolve("b.jar"));
        }
    }

    @Test
    void aJarCannotReplaceABuiltIn() throws Exception {
        Path jar = TestPluginJar.filter("com.example.MyOpenSmtpd", "opensmtpd").write(plugins.resolve("smtpd.jar"));
        try (PluginCatalog catalog = discover()) {
            assertThat(messages(catalog)).containsExactly(jar + ": filter id \"opensmtpd\" is taken by a built-in "
                    + "filter (dev.warden.core.plugin.OpenSmtpdTestFilter), which a plugin cannot replace; "
                    + "com.example.MyOpenSmtpd not used");
            assertThat(catalog.filter("opensmtpd")).get().isInstanceOf(OpenSmtpdTestFilter.class);
        }
    }

    @Test
    void aJarWithNoProvidersIsAWarning() throws Exception {
        Path jar = new TestPluginJar().resource("README", "nothing here").write(plugins.resolve("empty.jar"));
        try (PluginCatalog catalog = discover()) {
            assertThat(messages(catalog)).containsExactly(jar + ": warning: no filter or action in it (no "
                    + "META-INF/services/dev.warden.core.spi.FilterFactory or ActionFactory)");
        }
    }

    @Test
    void aPluginSeesCoreAndSlf4jButNotOtherJarsNorTheRestOfTheClassPath() throws Exception {
        TestPluginJar.filter("com.a.Helper", "helper").write(plugins.resolve("a.jar"));
        String probe = TestPluginJar.header("com.b.Probe") + """
                public final class Probe implements FilterFactory {
                    public String id() { return "probe"; }
                    public String description() {
                        StringBuilder sb = new StringBuilder();
                        for (String c : new String[] {"dev.warden.core.config.ConfigLoader", "org.slf4j.Logger",
                                "com.a.Helper", "org.assertj.core.api.Assertions",
                                "com.fasterxml.jackson.core.JsonFactory"}) {
                            try {
                                Class.forName(c, false, getClass().getClassLoader());
                                sb.append(" +").append(c);
                            } catch (ClassNotFoundException e) {
                                sb.append(" -").append(c);
                            }
                        }
                        return sb.toString().trim();
                    }
                    public Filter create(PluginOptions o, PluginContext c) { return null; }
                }
                """;
        new TestPluginJar().source("com.b.Probe", probe).service(FilterFactory.class, "com.b.Probe")
                .write(plugins.resolve("b.jar"));
        try (PluginCatalog catalog = discover()) {
            assertThat(catalog.filter("probe").get().description()).isEqualTo("+dev.warden.core.config.ConfigLoader"
                    + " +org.slf4j.Logger -com.a.Helper -org.assertj.core.api.Assertions"
                    + " -com.fasterxml.jackson.core.JsonFactory");
            // Resources of core's class path (here the test fixtures' services files) are not visible either.
            ClassLoader loader = catalog.filter("probe").get().getClass().getClassLoader();
            String services = "META-INF/services/" + FilterFactory.class.getName();
            assertThat(getClass().getClassLoader().getResource("plugin-fixtures/good/" + services)).isNotNull();
            assertThat(loader.getResource("plugin-fixtures/good/" + services)).isNull();
            assertThat(java.util.Collections.list(loader.getResources(services))).singleElement().asString()
                    .endsWith("/b.jar!/" + services);
        }
    }
}
