package dev.warden.actions.log;

import dev.warden.actions.TestContext;
import dev.warden.core.config.MapPluginOptions;
import dev.warden.core.spi.Action;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.warden.actions.TestContext.ban;
import static org.assertj.core.api.Assertions.assertThat;

class LogActionTest {

    @Test
    void banAndUnbanWriteOneLineEachInOrder() {
        List<String> lines = new ArrayList<>();
        LogAction action = new LogAction(lines::add);

        action.ban(List.of(ban("192.0.2.1"), ban("::ffff:198.51.100.7")));
        action.unban(List.of(ban("2001:DB8::1")));

        assertThat(lines).containsExactly(
                "[ssh] would ban 192.0.2.1 until 2025-01-01T01:00:00Z (5 failures)",
                "[ssh] would ban 198.51.100.7 until 2025-01-01T01:00:00Z (5 failures)",
                "[ssh] would unban 2001:db8::1");
    }

    @Test
    void theFactoryBuildsAnActionThatExecutesNothing() throws Exception {
        LogActionFactory factory = new LogActionFactory();
        Action action = factory.create(new MapPluginOptions(factory.options(), Map.of()),
                TestContext.of(TestContext.FORBIDDEN));

        action.start();
        action.ban(List.of(ban("192.0.2.1")));
        action.unban(List.of(ban("192.0.2.1")));
        action.stop();
    }
}
