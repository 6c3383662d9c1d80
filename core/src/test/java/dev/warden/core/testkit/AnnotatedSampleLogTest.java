package dev.warden.core.testkit;

import dev.warden.core.spi.FailureSink;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.LogLine;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.OptionType;
import dev.warden.core.spi.PluginOptions;
import dev.warden.core.spi.PluginContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnnotatedSampleLogTest {

    /** Fails "WORD ADDR" messages of tag "toy" (WORD: option word, default "bad"); "orphan" is unattributed. */
    static class ToyFactory implements FilterFactory {
        @Override
        public String id() {
            return "toy";
        }

        @Override
        public String description() {
            return "test filter";
        }

        @Override
        public List<OptionSpec> options() {
            return List.of(OptionSpec.optional("word", OptionType.STRING, "bad", "the failure word"),
                    OptionSpec.optional("limit", OptionType.INTEGER, "10", "unused"));
        }

        @Override
        public Filter create(PluginOptions options, PluginContext context) {
            String word = options.string("word") + " ";
            return (LogLine line, FailureSink sink) -> {
                if (!line.tagIs("toy".getBytes())) {
                    return;
                }
                String m = line.message();
                if (m.startsWith(word)) {
                    IpAddress.parse(m.substring(word.length()))
                            .ifPresent(a -> sink.failure(a, line.epochMillis(), "toy"));
                } else if (m.equals("orphan")) {
                    sink.unattributed(line.epochMillis(), "toy");
                }
            };
        }
    }

    @Test
    void passesWhenEveryLineMatches(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("ok.log");
        Files.writeString(log, """
                # a comment
                # expect: fail 192.0.2.1
                Nov  7 10:00:00 h toy[1]: bad 192.0.2.1
                # expect: fail 2001:db8::1
                Nov  7 10:00:01 h toy[1]: bad 2001:DB8:0::1
                # expect: none
                Nov  7 10:00:02 h other[1]: bad 192.0.2.1
                # expect: unattributed
                Nov  7 10:00:03 h toy[1]: orphan
                """);
        AnnotatedSampleLog.assertMatches(new ToyFactory(), Map.of(), log);
        assertThat(FilterRunner.run(new ToyFactory(), Map.of(), log)).extracting(FilterRunner.Detection::line)
                .containsExactly(3L, 5L, 9L);
    }

    @Test
    void reportsEveryMismatchAndMissingAnnotation(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("bad.log");
        Files.writeString(log, """
                # expect: none
                Nov  7 10:00:00 h toy[1]: bad 192.0.2.1
                # expect: fail 192.0.2.9
                Nov  7 10:00:01 h toy[1]: bad 192.0.2.1
                Nov  7 10:00:02 h toy[1]: bad 192.0.2.1
                # expect: sometimes
                Nov  7 10:00:03 h toy[1]: bad 192.0.2.1
                """);
        assertThat(AnnotatedSampleLog.check(new ToyFactory(), Map.of(), log)).hasSize(4)
                .anySatisfy(p -> assertThat(p).startsWith("line 2: expected none but got [fail 192.0.2.1]"))
                .anySatisfy(p -> assertThat(p).startsWith("line 4: expected [fail 192.0.2.9]"))
                .anySatisfy(p -> assertThat(p).startsWith("line 5: log line without"))
                .anySatisfy(p -> assertThat(p).startsWith("line 6: unreadable annotation"));
        assertThatThrownBy(() -> AnnotatedSampleLog.assertMatches(new ToyFactory(), Map.of(), log))
                .isInstanceOf(AssertionError.class).hasMessageContaining("4 line(s) differ");
    }

    @Test
    void unknownOptionIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> FilterRunner.create(new ToyFactory(), Map.of("mode", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no option mode");
        assertThatThrownBy(() -> FilterRunner.create(new ToyFactory(), Map.of("limit", "many")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("option limit: expected a whole number");
    }

    @Test
    void missingRequiredOptionIsRefused() {
        FilterFactory needsTable = new ToyFactory() {
            @Override
            public List<OptionSpec> options() {
                return List.of(OptionSpec.required("table", OptionType.STRING, "a table"));
            }
        };
        assertThatThrownBy(() -> FilterRunner.create(needsTable, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs option table");
    }

    /** The one-line check: a class-path resource beside the factory, with the options of its header. */
    @Test
    void checksAResourceWithTheOptionsOfItsHeader() {
        AnnotatedSampleLog.assertMatches(new ToyFactory(), "testkit-samples/toy-evil.log");
        AnnotatedSampleLog.assertMatches(new ToyFactory(), "/testkit-samples/toy-evil.log");
        assertThatThrownBy(() -> AnnotatedSampleLog.assertMatches(new ToyFactory(), "testkit-samples/none.log"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no class-path resource testkit-samples/none.log beside")
                .hasMessageContaining("src/main/resources/testkit-samples/none.log");
    }

    @Test
    void aFileIsCheckedWithTheOptionsOfItsHeaderToo(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("header.log");
        Files.writeString(log, """
                # options: {word: evil, limit: 010}
                # expect: none
                Nov  7 10:00:00 h toy[1]: bad 192.0.2.1
                # expect: fail 192.0.2.2
                Nov  7 10:00:01 h toy[1]: evil 192.0.2.2
                """);
        AnnotatedSampleLog.assertMatches(new ToyFactory(), log);
        assertThat(AnnotatedSampleLog.headerOptions(log)).containsExactly(
                Map.entry("word", "evil"), Map.entry("limit", "010"));
        assertThatThrownBy(() -> AnnotatedSampleLog.assertMatches(new ToyFactory(), Map.of(), log))
                .isInstanceOf(AssertionError.class).hasMessageContaining("2 line(s) differ");
    }

    @Test
    void headerOptionsAreAFlatMappingOfScalarsAndLists() {
        assertThat(SampleOptions.of(List.of("# x", "# options: {fail: ['a, b', c], anchor: false}")))
                .containsExactly(Map.entry("fail", List.of("a, b", "c")), Map.entry("anchor", "false"));
        assertThat(SampleOptions.of(List.of("# expect: none"))).isEmpty();
        assertThatThrownBy(() -> SampleOptions.parse("[a, b]")).hasMessageContaining("not a mapping");
        assertThatThrownBy(() -> SampleOptions.parse("{a: {b: c}}")).hasMessageContaining("option a needs a value");
        assertThatThrownBy(() -> SampleOptions.parse("{a: }")).hasMessageContaining("option a needs a value");
        assertThatThrownBy(() -> SampleOptions.parse("{a: [b")).hasMessageContaining("is not YAML");
    }
}
