package dev.warden.core.plugin;

import dev.warden.core.spi.ActionFactory;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.PluginContext;
import dev.warden.core.spi.PluginOptions;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Discovery runs over a class loader that adds the fixture directories under
 * {@code src/test/resources/plugin-fixtures}: they are not at the test classpath root so that no other
 * test (nor a module using core's test-jar) discovers these deliberately broken providers.
 */
class PluginCatalogTest {

    private static PluginCatalog discoverFixtures() throws Exception {
        ClassLoader parent = PluginCatalogTest.class.getClassLoader();
        URL good = parent.getResource("plugin-fixtures/good/");
        URL broken = parent.getResource("plugin-fixtures/bad-syntax/");
        assertThat(good).isNotNull();
        assertThat(broken).isNotNull();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {good, broken}, parent)) {
            return PluginCatalog.discover(loader);
        }
    }

    private static List<String> messages(PluginCatalog catalog) {
        return catalog.problems().stream().map(PluginProblem::toString).toList();
    }

    @Test
    void loadsTheGoodProvidersAndReportsEachBrokenOne() throws Exception {
        PluginCatalog catalog = discoverFixtures();

        assertThat(catalog.filterIds()).containsExactly("opensmtpd", "regex");
        assertThat(catalog.actionIds()).containsExactly("pf", "log");
        assertThat(catalog.filter("opensmtpd")).get().isExactlyInstanceOf(OpenSmtpdTestFilter.class);
        assertThat(catalog.action("pf")).get().isInstanceOf(PfTestAction.class);
        assertThat(catalog.filters()).hasSize(2);
        assertThat(catalog.actions()).hasSize(2);

        List<String> problems = messages(catalog);
        assertThat(problems).hasSize(5);
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .contains("dev.warden.core.plugin.NoSuchFilterFactory").contains("not found"));
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .contains("ThrowingTestFilter").contains("boom in constructor"));
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .contains("Illegal configuration-file syntax").contains("bad-syntax"));
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .contains("OpenSmtpdTestFilter").contains("not a subtype"));
        assertThat(problems).contains("duplicate filter id \"opensmtpd\": "
                + "dev.warden.core.plugin.DuplicateOpenSmtpdTestFilter ignored, "
                + "dev.warden.core.plugin.OpenSmtpdTestFilter kept");
    }

    @Test
    void unknownIdsAreEmpty() throws Exception {
        PluginCatalog catalog = discoverFixtures();
        assertThat(catalog.filter("pf")).isEmpty();
        assertThat(catalog.action("opensmtpd")).isEmpty();
    }

    @Test
    void explicitListsAreCheckedLikeDiscoveredOnes() {
        PluginCatalog catalog = PluginCatalog.of(
                List.of(new RegexTestFilter(), new NamedFilter("Bad Id"), new NamedFilter(null),
                        new NamedFilter("regex")),
                List.<ActionFactory>of(new LogTestAction()));
        assertThat(catalog.filterIds()).containsExactly("regex");
        assertThat(catalog.filter("regex")).get().isInstanceOf(RegexTestFilter.class);
        assertThat(catalog.actionIds()).containsExactly("log");
        assertThat(messages(catalog)).containsExactly(
                "filter " + NamedFilter.class.getName() + ": invalid id \"Bad Id\" "
                        + "(use lower-case letters, digits, '-', '_', '.'); skipped",
                "filter " + NamedFilter.class.getName() + ": invalid id null "
                        + "(use lower-case letters, digits, '-', '_', '.'); skipped",
                "duplicate filter id \"regex\": " + NamedFilter.class.getName() + " ignored, "
                        + RegexTestFilter.class.getName() + " kept");
    }

    @Test
    void emptyCatalogHasNoProblems() {
        PluginCatalog catalog = PluginCatalog.of(List.of(), List.of());
        assertThat(catalog.filters()).isEmpty();
        assertThat(catalog.problems()).isEmpty();
    }

    private record NamedFilter(String id) implements FilterFactory {
        @Override
        public String description() {
            return "named";
        }

        @Override
        public Filter create(PluginOptions options, PluginContext context) {
            throw new UnsupportedOperationException();
        }
    }
}
