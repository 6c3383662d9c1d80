package dev.warden.core.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.warden.core.control.ControlResponse;
import dev.warden.core.control.ControlServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The facade's one call to the daemon keeps the control client's failure kinds apart. */
@Timeout(60)
class DaemonClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Path dir;
    private Path socket;

    @BeforeEach
    void createDir() throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "wdc"); // short: a socket path is at most ~100 bytes
        socket = dir.resolve("s");
    }

    @AfterEach
    void removeDir() throws IOException {
        Files.deleteIfExists(socket);
        Files.delete(dir);
    }

    @Test
    void aSuccessCarriesTheBodyARefusalTheDaemonsReason() throws Exception {
        try (ControlServer server = ControlServer.start(socket, r -> r.command().equals("status")
                ? ControlResponse.ok(JsonNodeFactory.instance.textNode(r.args().get("jail")))
                : ControlResponse.error("unknown command " + r.command()))) {
            DaemonReply ok = DaemonClient.call(socket, "status", Map.of("jail", "smtpd"), TIMEOUT);
            assertThat(ok.ok()).isTrue();
            assertThat(ok.body().asText()).isEqualTo("smtpd");
            assertThat(ok.error()).isNull();

            DaemonReply refused = DaemonClient.call(socket, "nope", null, TIMEOUT);
            assertThat(refused.ok()).isFalse();
            assertThat(refused.body()).isNull();
            assertThat(refused.error()).isEqualTo("unknown command nope");
        }
    }

    @Test
    void noDaemonIsItsOwnFailure() {
        assertThatThrownBy(() -> DaemonClient.call(socket, "status", Map.of(), TIMEOUT))
                .isExactlyInstanceOf(DaemonNotListeningException.class)
                .hasMessage("no daemon is listening on " + socket);
    }

    @Test
    void aDaemonThatDoesNotAnswerInTimeIsATimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ControlServer server = ControlServer.start(socket, r -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ControlResponse.ok(null);
        })) {
            try {
                assertThatThrownBy(() -> DaemonClient.call(socket, "status", Map.of(), Duration.ofMillis(300)))
                        .isInstanceOf(SocketTimeoutException.class)
                        .hasMessageContaining("did not answer within 300 ms");
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void aReplyIsASuccessWithABodyOrARefusalWithAReason() {
        assertThatThrownBy(() -> new DaemonReply(true, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DaemonReply(false, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DaemonReply(true, JsonNodeFactory.instance.nullNode(), "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
