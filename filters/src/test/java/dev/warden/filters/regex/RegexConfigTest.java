package dev.warden.filters.regex;

import dev.warden.core.config.MapPluginOptions;
import dev.warden.core.engine.JailContext;
import dev.warden.core.spi.CommandResult;
import dev.warden.core.spi.PluginConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Option values the factory refuses, each on its own option path with a message an operator can act on. */
class RegexConfigTest {

    private static final String GOOD = "Failed login from <ADDR>";

    static PluginConfigException refused(Map<String, ?> options) {
        RegexFilterFactory factory = new RegexFilterFactory();
        JailContext context = new JailContext("test", Clock.systemUTC(),
                (argv, stdin, timeout) -> new CommandResult(127, "", "", false));
        try {
            factory.create(new MapPluginOptions(factory.options(), options), context);
        } catch (PluginConfigException e) {
            return e;
        }
        throw new AssertionError("accepted " + options);
    }

    static PluginConfigException refusedFail(String second) {
        return refused(Map.of("fail", List.of(GOOD, second)));
    }

    @Test
    void missingPlaceholderNamesThePatternAndShowsAnExample() {
        PluginConfigException e = refusedFail("Failed login from \\S+");
        assertThat(e.option()).isEqualTo("fail[1]");
        assertThat(e.getMessage()).contains("has no <ADDR>").contains("exactly one <ADDR> (or <HOST>)");
    }

    @Test
    void twoPlaceholdersAreRefused() {
        PluginConfigException e = refusedFail("from <ADDR> via <HOST>");
        assertThat(e.option()).isEqualTo("fail[1]");
        assertThat(e.getMessage()).contains("2 address placeholders").contains("exactly one");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "from <ADDR>(?= port)      | lookahead",
        "from <ADDR>(?! port)      | lookahead",
        "(?<=from )<ADDR>          | lookbehind",
        "(?<!to )<ADDR>            | lookbehind",
        "(\\w+) <ADDR> \\1         | backreference",
        "(?P<u>\\w+) <ADDR> \\k<u> | backreference",
        "(?>a+)<ADDR>              | (?>",
        "from <ADDR> port \\d++    | possessive quantifier"})
    void perlOnlySyntaxSaysRe2LacksIt(String pattern, String what) {
        PluginConfigException e = refusedFail(pattern);
        assertThat(e.option()).isEqualTo("fail[1]");
        assertThat(e.getMessage()).contains(what).contains("RE2").contains("no lookahead or lookbehind");
    }

    @Test
    void syntaxErrorsComeFromRe2jWithThePlaceholderPutBack() {
        PluginConfigException e = refusedFail("from (<ADDR> port");
        assertThat(e.option()).isEqualTo("fail[1]");
        assertThat(e.getMessage()).startsWith("not a valid RE2 pattern: missing closing )")
                .contains("<ADDR>").doesNotContain(AddressPattern.GROUP);
        assertThat(refusedFail("from [<ADDR>").getMessage()).contains("missing closing ]");
        assertThat(refusedFail("x** <ADDR>").getMessage()).contains("invalid nested repetition operator");
    }

    @Test
    void aQuantifiedPlaceholderIsRefused() {
        assertThat(refusedFail("from <ADDR>? port").getMessage()).contains("cannot be repeated or made optional");
        assertThat(refusedFail("from <HOST>{2}").getMessage()).contains("cannot be repeated or made optional");
    }

    @Test
    void ignorePatternsMustCompileToo() {
        PluginConfigException e = refused(Map.of("fail", List.of(GOOD), "ignore", List.of("ok", "x(?=y)")));
        assertThat(e.option()).isEqualTo("ignore[1]");
        assertThat(e.getMessage()).contains("lookahead");
        assertThat(refused(Map.of("fail", List.of(GOOD), "ignore", List.of("(unclosed"))).option())
                .isEqualTo("ignore[0]");
    }

    @Test
    void emptyAndRepeatedValues() {
        assertThat(refused(Map.of("fail", List.of())).option()).isEqualTo("fail");
        PluginConfigException twice = refused(Map.of("fail", List.of(GOOD, "x <ADDR>", GOOD)));
        assertThat(twice.option()).isEqualTo("fail[2]");
        assertThat(twice.getMessage()).isEqualTo("repeats fail[0]");
        assertThat(refused(Map.of("fail", List.of(GOOD), "tag", " ")).option()).isEqualTo("tag");
        assertThat(refused(Map.of("fail", List.of(GOOD), "kind", "")).option()).isEqualTo("kind");
    }

    @Test
    void placeholdersInsideAClassOrAGroupNameAreNotPlaceholders() {
        assertThat(refusedFail("from [<ADDR>]+").getMessage()).contains("has no <ADDR>");
        assertThat(refusedFail("from (?P<ADDR>\\S+)").getMessage()).contains("has no <ADDR>");
    }

    @Test
    void declaresItsOptionsAndIsListedForServiceLoader() {
        RegexFilterFactory f = new RegexFilterFactory();
        assertThat(f.options()).extracting(o -> o.name())
                .containsExactly("fail", "ignore", "tag", "prefix", "pieces", "match", "kind", "anchor");
        assertThat(f.options().get(0).required()).isTrue();
        assertThat(ServiceLoader.load(dev.warden.core.spi.FilterFactory.class).stream().map(p -> p.type().getName()))
                .contains(RegexFilterFactory.class.getName());
    }
}
