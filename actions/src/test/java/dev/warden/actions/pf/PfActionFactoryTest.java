package dev.warden.actions.pf;

import dev.warden.actions.TestContext;
import dev.warden.core.config.MapPluginOptions;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.OptionType;
import dev.warden.core.spi.PluginConfigException;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PfActionFactoryTest {

    private final PfActionFactory factory = new PfActionFactory();

    private void create(Map<String, Object> values) throws PluginConfigException {
        factory.create(new MapPluginOptions(factory.options(), values), TestContext.of(TestContext.FORBIDDEN));
    }

    private void assertRejected(Map<String, Object> values, String option) {
        assertThatThrownBy(() -> create(values))
                .isInstanceOfSatisfying(PluginConfigException.class, e -> assertThat(e.option()).isEqualTo(option));
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> values = new HashMap<>(Map.of("table", "bot"));
        values.put(key, value);
        return values;
    }

    @Test
    void declaresItsOptionsWithDefaults() {
        assertThat(factory.options()).extracting(OptionSpec::name, OptionSpec::type, OptionSpec::defaultValue,
                        OptionSpec::required)
                .containsExactly(
                        Tuple.tuple("table", OptionType.STRING, null, true),
                        Tuple.tuple("pfctl", OptionType.PROGRAM, "/sbin/pfctl", false),
                        Tuple.tuple("timeout", OptionType.DURATION, "30s", false),
                        Tuple.tuple("max-command-bytes", OptionType.INTEGER, "131072", false),
                        Tuple.tuple("kill-states", OptionType.BOOLEAN, "false", false));
        assertThat(factory.options()).allSatisfy(o -> assertThat(o.description()).isNotBlank().doesNotContain("\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bot", "b", "Bot_list-2", "abcdefghijklmnopqrstuvwxyz01234"})
    void acceptsPfTableNames(String table) throws PluginConfigException {
        create(Map.of("table", table));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abcdefghijklmnopqrstuvwxyz012345", "two words", "<bot>", "bot;reboot",
            "bot\n", "bøt", "$(id)"})
    void rejectsWhatIsNotAPfTableName(String table) {
        assertRejected(Map.of("table", table), "table");
    }

    @Test
    void rejectsARelativePfctl() {
        assertRejected(with("pfctl", "pfctl"), "pfctl");
    }

    @Test
    void rejectsAZeroTimeout() {
        assertRejected(with("timeout", "0s"), "timeout");
    }

    @Test
    void rejectsABudgetAboveArgMax() throws PluginConfigException {
        create(with("max-command-bytes", PfActionFactory.ARG_MAX));
        assertRejected(with("max-command-bytes", PfActionFactory.ARG_MAX + 1), "max-command-bytes");
        assertRejected(with("max-command-bytes", 0), "max-command-bytes");
    }
}
