package dev.warden.core.plugin;

import dev.warden.core.config.MapPluginOptions;
import dev.warden.core.plugin.PluginKind.Candidate;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.PluginOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Named filters defined as data: those shipped beside a built-in filter ({@code warden-filters/demo.yaml} in a
 * class directory the test writes, made of {@link RegexTestFilter}) and the operator's folder, which replaces and
 * extends them.
 */
class FilterLibraryTest {

    @TempDir
    Path dir;

    @TempDir
    Path classes;

    private static final String DEMO = """
            # a named filter shipped beside the test stand-in "regex"
            description: "demo: a named filter made of the test regex filter"
            type: regex
            options:
              tag: demo
              fail: ['one <ADDR>', 'two <ADDR>']
              max-lines: 3
            """;

    private final List<PluginProblem> problems = new ArrayList<>();

    private List<Candidate<FilterFactory>> load(Path filterDir) {
        return load(List.of(new Candidate<>(new RegexTestFilter(), "regex", PluginSource.builtIn("9.9"))), filterDir);
    }

    private List<Candidate<FilterFactory>> load(List<Candidate<FilterFactory>> factories, Path filterDir) {
        try {
            Files.createDirectories(classes.resolve(FilterLibrary.FOLDER));
            Files.writeString(classes.resolve(FilterLibrary.FOLDER).resolve("demo.yaml"), DEMO);
            Files.writeString(classes.resolve(FilterLibrary.FOLDER).resolve("notes.txt"), "not a definition");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return FilterLibrary.load(List.of(classes), factories, "9.9", filterDir, Trust::ofThisProcess, problems);
    }

    private static FilterFactory named(List<Candidate<FilterFactory>> found, String id) {
        return found.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().factory();
    }

    private static PluginOptions merged(FilterFactory f, Map<String, ?> jail) {
        return ((NamedFilterFactory) f).merged(new MapPluginOptions(f.options(), jail));
    }

    private void write(String file, String yaml) throws IOException {
        Files.writeString(dir.resolve(file), yaml);
    }

    @Test
    void aShippedDefinitionIsAFilterWhoseOptionsAreItsValuesUnlessTheJailWritesThem() {
        List<Candidate<FilterFactory>> found = load(null);
        assertThat(problems).isEmpty();
        assertThat(found).extracting(Candidate::id).containsExactly("demo");
        assertThat(found.get(0).source().isBuiltIn()).isTrue();
        assertThat(found.get(0).source().origin()).isEqualTo("library");
        FilterFactory demo = named(found, "demo");
        assertThat(demo.description()).startsWith("demo: a named filter");
        assertThat(demo.options()).extracting(OptionSpec::name)
                .containsExactly("tag", "fail", "max-lines", "ignore-case", "weight", "names");
        assertThat(demo.options()).noneMatch(OptionSpec::required);
        PluginOptions defaults = merged(demo, Map.of());
        assertThat(defaults.strings("fail")).containsExactly("one <ADDR>", "two <ADDR>");
        assertThat(defaults.integer("max-lines")).isEqualTo(3);
        assertThat(defaults.bool("ignore-case")).isFalse();
        PluginOptions jail = merged(demo, Map.of("fail", List.of("three <ADDR>"), "ignore-case", true));
        assertThat(jail.strings("fail")).containsExactly("three <ADDR>");
        assertThat(jail.string("tag")).isEqualTo("demo");
        assertThat(jail.bool("ignore-case")).isTrue();
    }

    @Test
    void theOperatorsFolderReplacesExtendsAndAdds() throws IOException {
        write("demo.yaml", "description: my demo\ntype: demo\noptions:\n  fail: ['mine <ADDR>']\n");
        write("other.yaml", "description: another\ntype: regex\noptions:\n  tag: other\n  fail: ['x <ADDR>']\n");
        List<Candidate<FilterFactory>> found = load(dir);
        assertThat(problems).isEmpty();
        assertThat(found).extracting(Candidate::id).containsExactly("demo", "other");
        Candidate<FilterFactory> demo = found.get(0);
        assertThat(demo.source().isBuiltIn()).isFalse();
        assertThat(demo.source().origin()).isEqualTo(dir.resolve("demo.yaml").toString());
        assertThat(demo.source().sha256()).hasSize(64);
        PluginOptions o = merged(demo.factory(), Map.of());
        assertThat(o.strings("fail")).as("the operator's value").containsExactly("mine <ADDR>");
        assertThat(o.string("tag")).as("kept from the shipped demo it extends").isEqualTo("demo");
        assertThat(o.integer("max-lines")).isEqualTo(3);
        assertThat(((NamedFilterFactory) demo.factory()).root()).isInstanceOf(RegexTestFilter.class);
    }

    @Test
    void aBrokenDefinitionIsReportedWithItsFileAndTheOthersStillLoad() throws IOException {
        write("a-yaml.yaml", "description: x\ntype: regex\noptions: [\n");
        write("b-unknown.yaml", "description: x\ntype: regex\noptions:\n  tag: t\n  fail: ['<ADDR>']\n  colour: red\n");
        write("c-type.yaml", "description: x\ntype: nosuch\n");
        write("d-create.yaml", "description: x\ntype: regex\noptions:\n  tag: t\n  fail: ['((<ADDR>']\n");
        write("e-required.yaml", "description: x\ntype: regex\noptions:\n  tag: t\n");
        write("F.yaml", "description: x\ntype: regex\noptions:\n  tag: t\n  fail: ['<ADDR>']\n");
        write("g-types.yaml", "description: x\ntype: regex\noptions:\n  tag: t\n  fail: ['<ADDR>']\n  max-lines: many\n");
        write("h-good.yaml", "description: x\ntype: regex\noptions:\n  tag: t\n  fail: ['<ADDR>']\n");
        write("i-keys.yaml", "description: x\ntype: regex\nfail: ['<ADDR>']\n");
        List<Candidate<FilterFactory>> found = load(dir);
        assertThat(found).extracting(Candidate::id).containsExactly("demo", "h-good");
        assertThat(problems).allMatch(PluginProblem::isError).extracting(p -> p.source() + ": " + p.message())
                .satisfiesExactlyInAnyOrder(
                        m -> assertThat(m).contains("F.yaml").contains("lower-case letters"),
                        m -> assertThat(m).contains("a-yaml.yaml").contains("not valid YAML"),
                        m -> assertThat(m).contains("b-unknown.yaml").contains("options.colour: unknown option"),
                        m -> assertThat(m).contains("c-type.yaml").contains("type \"nosuch\" is no known filter"),
                        m -> assertThat(m).contains("d-create.yaml").contains("options.fail[0]: unbalanced"),
                        m -> assertThat(m).contains("e-required.yaml").contains("options.fail: required"),
                        m -> assertThat(m).contains("g-types.yaml").contains("options.max-lines: expected a whole"),
                        m -> assertThat(m).contains("i-keys.yaml").contains("unknown key \"fail\""));
    }

    @Test
    void aShippedDefinitionIsReadOnlyWhenFirstUsedAndOneThatDoesNotLoadFailsThenNamingItsFile() throws IOException {
        Files.createDirectories(classes.resolve(FilterLibrary.FOLDER));
        Files.writeString(classes.resolve(FilterLibrary.FOLDER).resolve("broken.yaml"),
                "description: x\ntype: regex\noptions:\n  tag: t\n  fail: ['((<ADDR>']\n");
        List<Candidate<FilterFactory>> found = load(null);
        assertThat(problems).as("nothing read yet").isEmpty();
        assertThat(found).extracting(Candidate::id).containsExactly("broken", "demo");
        assertThat(named(found, "demo").options()).extracting(OptionSpec::name).contains("fail", "tag");
        FilterFactory broken = named(found, "broken");
        assertThat(broken.id()).isEqualTo("broken");
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(broken::options).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(FilterLibrary.FOLDER + "/broken.yaml: named filter \"broken\" not loaded: ")
                    .hasMessageContaining("options.fail[0]: unbalanced");
        }
    }

    @Test
    void aPluginJarsFilterTakesThePlaceOfAShippedDefinitionOfItsName() {
        List<Candidate<FilterFactory>> factories = List.of(
                new Candidate<>(new RegexTestFilter(), "regex", PluginSource.builtIn("9.9")),
                new Candidate<>(new OpenSmtpdTestFilter(), "demo", new PluginSource(dir.resolve("demo.jar"), "1", null)));
        assertThat(load(factories, null)).isEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void aFolderOrFileOthersCanWriteIsRefusedLikeAPluginJar() throws IOException {
        write("mine.yaml", "description: x\ntype: regex\noptions:\n  tag: t\n  fail: ['<ADDR>']\n");
        write("open.yaml", "description: x\ntype: regex\noptions:\n  tag: t\n  fail: ['<ADDR>']\n");
        Files.setAttribute(dir.resolve("open.yaml"), "unix:mode", 0666);
        assertThat(load(dir)).extracting(Candidate::id).containsExactly("demo", "mine");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo(dir.resolve("open.yaml").toString());
            assertThat(p.message()).contains("writable by").endsWith("; skipped");
        });
        problems.clear();
        Files.setAttribute(dir, "unix:mode", 0777);
        assertThat(load(dir)).extracting(Candidate::id).containsExactly("demo");
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message())
                .endsWith("; no named filters loaded from it"));
    }

    @Test
    void aMissingFolderMeansNoOperatorFilters() {
        assertThat(load(dir.resolve("absent"))).extracting(Candidate::id).containsExactly("demo");
        assertThat(problems).isEmpty();
    }
}
