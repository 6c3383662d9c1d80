package dev.warden.actions.nftables;

import dev.warden.actions.TestContext;
import dev.warden.core.config.MapPluginOptions;
import dev.warden.core.spi.PluginConfigException;
import dev.warden.core.spi.OptionSpec;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NftablesActionFactoryTest {

    private final NftablesActionFactory factory = new NftablesActionFactory();

    private void create(String jail, Map<String, Object> values) throws PluginConfigException {
        factory.create(new MapPluginOptions(factory.options(), values),
                new TestContext(jail, Clock.systemUTC(), TestContext.FORBIDDEN));
    }

    @Test
    void declaresItsOptionsWithDefaults() {
        assertThat(factory.id()).isEqualTo("nftables");
        assertThat(factory.options()).extracting(OptionSpec::name)
                .containsExactly("table", "set", "nft", "priority", "timeout", "on-stop", "max-batch-bytes",
                        "kill-connections", "conntrack");
        assertThat(factory.options()).extracting(OptionSpec::defaultValue)
                .containsExactly("warden", null, "/usr/sbin/nft", "-10", "30s", "keep", "65536", "false", null);
    }

    @Test
    void creatingRunsNothing() throws Exception {
        create("smtpd-auth", Map.of());
    }

    @Test
    void aJailNameThatIsNoNftablesNameNeedsTheSetOption() throws Exception {
        assertThatThrownBy(() -> create("1st", Map.of()))
                .isInstanceOf(PluginConfigException.class)
                .hasMessageContaining("the jail name (write option set to choose another) '1st' is not an nftables name");
        create("1st", Map.of("set", "first"));
    }

    @Test
    void refusesBadValues() {
        assertThatThrownBy(() -> create("ssh", Map.of("table", "my table")))
                .isInstanceOf(PluginConfigException.class).hasMessageContaining("table 'my table' is not an nftables name");
        assertThatThrownBy(() -> create("ssh", Map.of("set", "a;b")))
                .isInstanceOf(PluginConfigException.class).hasMessageContaining("set 'a;b' is not an nftables name");
        assertThatThrownBy(() -> create("ssh", Map.of("nft", "nft")))
                .isInstanceOf(PluginConfigException.class).hasMessageContaining("must be an absolute path");
        assertThatThrownBy(() -> create("ssh", Map.of("timeout", "0s")))
                .isInstanceOf(PluginConfigException.class).hasMessageContaining("must be longer than 0s");
        assertThatThrownBy(() -> create("ssh", Map.of("max-batch-bytes", 100)))
                .isInstanceOf(PluginConfigException.class).hasMessageContaining("100 is out of range");
        assertThatThrownBy(() -> create("ssh", Map.of("priority", 1L << 40)))
                .isInstanceOf(PluginConfigException.class).hasMessageContaining("not a 32-bit chain priority");
    }
}
