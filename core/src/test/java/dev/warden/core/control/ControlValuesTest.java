package dev.warden.core.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlValuesTest {

    @Test
    void requestArgsAreAnUnmodifiableCopyAndNeverNull() {
        Map<String, String> args = new HashMap<>(Map.of("jail", "smtpd"));
        ControlRequest request = new ControlRequest("status", args);
        args.put("jail", "sshd");

        assertThat(request.args()).containsExactly(Map.entry("jail", "smtpd"));
        assertThatThrownBy(() -> request.args().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new ControlRequest("status", null).args()).isEmpty();
        assertThat(ControlRequest.of("reload")).isEqualTo(new ControlRequest("reload", Map.of()));
    }

    @Test
    void requestNeedsACommand() {
        assertThatThrownBy(() -> new ControlRequest(null, Map.of())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ControlRequest.of(" ")).isInstanceOf(IllegalArgumentException.class);
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("jail", null);
        assertThatThrownBy(() -> new ControlRequest("status", nullValue)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void okHasABodyAndNoError() {
        ControlResponse ok = ControlResponse.ok(JsonNodeFactory.instance.textNode("fine"));
        assertThat(ok.ok()).isTrue();
        assertThat(ok.error()).isNull();
        assertThat(ok.body().asText()).isEqualTo("fine");
        assertThat(ControlResponse.ok(null).body()).isEqualTo(NullNode.getInstance());
        assertThatThrownBy(() -> new ControlResponse(true, "oops", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorIsOneTrimmedLineAndHasNoBody() {
        ControlResponse error = ControlResponse.error(" unknown jail:\nsmtp\td \r");
        assertThat(error.ok()).isFalse();
        assertThat(error.error()).isEqualTo("unknown jail: smtp d");
        assertThat(error.body()).isNull();
        assertThatThrownBy(() -> ControlResponse.error(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ControlResponse.error("\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ControlResponse(false, "x", NullNode.getInstance()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serverLimitsMustBePositive() {
        Duration s = Duration.ofSeconds(1);
        assertThat(ServerLimits.defaults().maxRequestBytes()).isEqualTo(65536);
        assertThatThrownBy(() -> new ServerLimits(0, s, 4, 64, s)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRequestBytes=0");
        assertThatThrownBy(() -> new ServerLimits(1, Duration.ZERO, 4, 64, s)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServerLimits(1, s, 0, 64, s)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServerLimits(1, s, 4, 0, s)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noDaemonMessageNamesTheSocket() {
        NoDaemonException e = new NoDaemonException(Path.of("/var/run/warden.sock"), null);
        assertThat(e).hasMessage("no daemon is listening on /var/run/warden.sock");
        assertThat(e.socket()).isEqualTo(Path.of("/var/run/warden.sock"));
    }
}
