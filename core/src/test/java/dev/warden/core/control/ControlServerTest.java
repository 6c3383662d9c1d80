package dev.warden.core.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class ControlServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ControlHandler ECHO = request -> ControlResponse.ok(
            JsonNodeFactory.instance.textNode(request.command() + " " + request.args()));

    private SocketDir dir;
    private Path socket;

    @BeforeEach
    void createDir() throws IOException {
        dir = SocketDir.create();
        socket = dir.resolve("warden.sock");
    }

    @AfterEach
    void removeDir() {
        dir.close();
    }

    @Test
    void requestAndResponseRoundTripOnADaemonWorkerThread() throws Exception {
        AtomicReference<ControlRequest> seen = new AtomicReference<>();
        AtomicReference<Thread> thread = new AtomicReference<>();
        ControlHandler handler = request -> {
            seen.set(request);
            thread.set(Thread.currentThread());
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("jail", request.args().get("jail"));
            body.put("banned", 3);
            return ControlResponse.ok(body);
        };
        try (ControlServer server = ControlServer.start(socket, handler)) {
            assertThat(server.socket()).isEqualTo(socket.toAbsolutePath());

            ControlResponse response = call(new ControlRequest("status", Map.of("jail", "smtpd")));

            assertThat(response.ok()).isTrue();
            assertThat(response.body().get("jail").asText()).isEqualTo("smtpd");
            assertThat(response.body().get("banned").asInt()).isEqualTo(3);
            assertThat(seen.get()).isEqualTo(new ControlRequest("status", Map.of("jail", "smtpd")));
            assertThat(thread.get().getName()).matches("warden-control-\\d+");
            assertThat(thread.get().isDaemon()).isTrue();
        }
    }

    @Test
    void errorResponseReachesTheClient() throws Exception {
        try (ControlServer server = ControlServer.start(socket, r -> ControlResponse.error("unknown jail: smtp"))) {
            ControlResponse response = call(new ControlRequest("status", Map.of("jail", "smtp")));
            assertThat(response).isEqualTo(ControlResponse.error("unknown jail: smtp"));
        }
    }

    @Test
    void throwingHandlerGivesAnErrorResponseAndTheServerCarriesOn() throws Exception {
        ControlHandler handler = request -> switch (request.command()) {
            case "ban" -> throw new IllegalStateException("jail smtpd is not running");
            case "bans" -> throw new UnsupportedOperationException();
            case "unban" -> null;
            default -> ControlResponse.ok(null);
        };
        try (ControlServer server = ControlServer.start(socket, handler)) {
            assertThat(call(ControlRequest.of("ban"))).isEqualTo(ControlResponse.error("jail smtpd is not running"));
            assertThat(call(ControlRequest.of("bans"))).isEqualTo(ControlResponse.error("UnsupportedOperationException"));
            assertThat(call(ControlRequest.of("unban")).error()).contains("internal error");
            assertThat(call(ControlRequest.of("status")).ok()).isTrue();
        }
    }

    @Test
    void malformedRequestGetsAnErrorResponse() throws Exception {
        try (ControlServer server = ControlServer.start(socket, ECHO)) {
            JsonNode answer = RawClient.exchange(socket, "status please\n");
            assertThat(answer.get("ok").asBoolean()).isFalse();
            assertThat(answer.get("error").asText()).startsWith("malformed request");
            assertThat(answer.has("body")).isFalse();

            JsonNode noCommand = RawClient.exchange(socket, "{\"args\":{}}\n");
            assertThat(noCommand.get("error").asText()).contains("\"command\"");

            assertThat(call(ControlRequest.of("status")).ok()).isTrue();
        }
    }

    @Test
    void requestWithoutNewlineBeforeEndOfInputGetsAnErrorResponse() throws Exception {
        try (ControlServer server = ControlServer.start(socket, ECHO);
                SocketChannel channel = RawClient.connect(socket)) {
            RawClient.write(channel, "{\"command\":\"status\"}");
            channel.shutdownOutput();
            assertThat(RawClient.readToEnd(channel)).contains("\"ok\":false").contains("incomplete request");
        }
    }

    @Test
    void oversizedRequestGetsAnErrorResponseThatTheClientCanRead() throws Exception {
        try (ControlServer server = ControlServer.start(socket, ECHO)) {
            ControlRequest huge = new ControlRequest("ban", Map.of("ip", "x".repeat(200_000)));

            ControlResponse response = call(huge);

            assertThat(response.ok()).isFalse();
            assertThat(response.error()).isEqualTo("request longer than 65536 bytes");
            assertThat(call(ControlRequest.of("status")).ok()).isTrue();
        }
    }

    @Test
    void clientThatWritesItsWholeOversizedRequestBeforeReadingStillGetsTheAnswer() throws Exception {
        try (ControlServer server = ControlServer.start(socket, ECHO);
                SocketChannel channel = RawClient.connect(socket)) {
            RawClient.write(channel, "{\"command\":\"ban\",\"args\":{\"ip\":\"" + "x".repeat(1_000_000) + "\"}}\n");
            assertThat(RawClient.readToEnd(channel))
                    .isEqualTo("{\"ok\":false,\"error\":\"request longer than 65536 bytes\"}\n");
        }
    }

    @Test
    void requestLimitIsExactlyMaxRequestBytes() throws Exception {
        ServerLimits limits = new ServerLimits(100, TIMEOUT, 4, 64, Duration.ofSeconds(2));
        String head = "{\"command\":\"ban\",\"args\":{\"ip\":\"";
        String tail = "\"}}";
        String fits = head + "x".repeat(100 - head.length() - tail.length()) + tail;
        try (ControlServer server = ControlServer.start(socket, ECHO, limits)) {
            assertThat(fits).hasSize(100);
            assertThat(RawClient.exchange(socket, fits + "\n").get("ok").asBoolean()).isTrue();
            JsonNode tooLong = RawClient.exchange(socket, fits + " \n");
            assertThat(tooLong.get("error").asText()).isEqualTo("request longer than 100 bytes");
        }
    }

    @Test
    void largeResponseIsWrittenCompletely() throws Exception {
        String big = "y".repeat(3 * 1024 * 1024);
        ControlHandler handler = r -> ControlResponse.ok(JsonNodeFactory.instance.textNode(big));
        try (ControlServer server = ControlServer.start(socket, handler)) {
            assertThat(call(ControlRequest.of("bans")).body().asText()).isEqualTo(big);
        }
    }

    @Test
    void silentClientsDoNotHoldUpOthers() throws Exception {
        List<SocketChannel> silent = new ArrayList<>();
        try (ControlServer server = ControlServer.start(socket, ECHO)) {
            for (int i = 0; i < 6; i++) { // more than the four workers
                silent.add(RawClient.connect(socket));
            }
            RawClient.write(silent.get(0), "{\"command\":");

            long start = System.nanoTime();
            ControlResponse response = ControlClient.call(socket, ControlRequest.of("status"), Duration.ofSeconds(3));

            assertThat(response.ok()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        } finally {
            for (SocketChannel channel : silent) {
                channel.close();
            }
        }
    }

    @Test
    void clientThatSendsNoCompleteLineIsClosedWhenItsTimeIsUp() throws Exception {
        ServerLimits limits = new ServerLimits(64 * 1024, Duration.ofMillis(300), 4, 64, Duration.ofSeconds(2));
        try (ControlServer server = ControlServer.start(socket, ECHO, limits);
                SocketChannel channel = RawClient.connect(socket)) {
            long start = System.nanoTime();
            RawClient.write(channel, "{\"command\":\"sta");

            String answer = RawClient.readToEnd(channel);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            assertThat(answer).contains("\"ok\":false").contains("no complete request within 300 ms");
        }
    }

    @Test
    void connectionsBeyondTheLimitAreTurnedAway() throws Exception {
        ServerLimits limits = new ServerLimits(64 * 1024, TIMEOUT, 4, 2, Duration.ofSeconds(2));
        try (ControlServer server = ControlServer.start(socket, ECHO, limits);
                SocketChannel first = RawClient.connect(socket);
                SocketChannel second = RawClient.connect(socket)) {
            ControlResponse third = call(ControlRequest.of("status"));
            assertThat(third.ok()).isFalse();
            assertThat(third.error()).contains("too many connections");
            // the two that came first were taken (bind's own test connection is not counted among them)
            for (SocketChannel taken : List.of(first, second)) {
                RawClient.write(taken, "{\"command\":\"status\"}\n");
                assertThat(RawClient.readToEnd(taken)).contains("\"ok\":true");
            }
        }
    }

    @Test
    void twentyConcurrentClientsAreAllAnsweredByAtMostFourHandlersAtOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        ControlHandler slow = request -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            sleep(100);
            running.decrementAndGet();
            return ControlResponse.ok(JsonNodeFactory.instance.textNode(request.args().get("n")));
        };
        ExecutorService clients = Executors.newFixedThreadPool(20);
        try (ControlServer server = ControlServer.start(socket, slow)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String n = Integer.toString(i);
                answers.add(clients.submit(() -> {
                    go.await();
                    return call(new ControlRequest("status", Map.of("n", n))).body().asText();
                }));
            }
            go.countDown();
            for (int i = 0; i < 20; i++) {
                assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(Integer.toString(i));
            }
            assertThat(mostAtOnce.get()).isBetween(2, 4);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void socketFileIsOwnerOnlyAndNoPrivateDirectoryIsLeft() throws Exception {
        try (ControlServer server = ControlServer.start(socket, ECHO)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
            try (var entries = Files.list(dir.dir())) {
                assertThat(entries.toList()).containsExactly(socket);
            }
        }
    }

    @Test
    void staleSocketIsReplaced() throws Exception {
        RawClient.stale(socket);
        assertThat(socket).exists();
        assertThatThrownBy(() -> call(ControlRequest.of("status"))).isInstanceOf(NoDaemonException.class);

        try (ControlServer server = ControlServer.start(socket, ECHO)) {
            assertThat(call(ControlRequest.of("status")).ok()).isTrue();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        }
    }

    @Test
    void secondServerOnALiveSocketIsRefusedAndTheFirstKeepsWorking() throws Exception {
        try (ControlServer first = ControlServer.start(socket, ECHO)) {
            assertThatThrownBy(() -> ControlServer.start(socket, ECHO))
                    .isInstanceOf(IOException.class)
                    .hasMessage("a daemon is already listening on " + socket.toAbsolutePath());
            assertThat(call(ControlRequest.of("status")).ok()).isTrue();
        }
    }

    @Test
    void pathThatIsNotASocketIsLeftAlone() throws Exception {
        Files.writeString(socket, "precious");
        assertThatThrownBy(() -> ControlServer.start(socket, ECHO))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("exists and is not a socket");
        assertThat(Files.readString(socket)).isEqualTo("precious");
    }

    @Test
    void missingDirectoryIsAClearError() {
        Path nowhere = dir.resolve("missing/warden.sock");
        assertThatThrownBy(() -> ControlServer.start(nowhere, ECHO))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("directory " + dir.resolve("missing") + " does not exist");
    }

    @Test
    void tooLongPathIsAClearError() {
        Path deep = dir.resolve("s".repeat(120));
        assertThatThrownBy(() -> ControlServer.start(deep, ECHO))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot create control socket " + deep);
        assertThat(dir.dir()).isEmptyDirectory();
    }

    @Test
    void closeRemovesTheSocketFileAndIsIdempotent() throws Exception {
        ControlServer server = ControlServer.start(socket, ECHO);
        assertThat(call(ControlRequest.of("status")).ok()).isTrue();

        server.close();
        server.close();

        assertThat(socket).doesNotExist();
        assertThatThrownBy(() -> call(ControlRequest.of("status"))).isInstanceOf(NoDaemonException.class);
    }

    @Test
    void closeLeavesASocketThatAnotherProcessPutInItsPlace() throws Exception {
        ControlServer server = ControlServer.start(socket, ECHO);
        Path other = dir.resolve("other.sock");
        RawClient.stale(other);
        Files.move(other, socket, StandardCopyOption.REPLACE_EXISTING);

        server.close();

        assertThat(socket).exists();
    }

    @Test
    void closeLetsARequestInFlightFinish() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        ControlHandler slow = request -> {
            entered.countDown();
            sleep(500);
            return ControlResponse.ok(JsonNodeFactory.instance.textNode("reloaded"));
        };
        ControlServer server = ControlServer.start(socket, slow);
        CompletableFuture<ControlResponse> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return call(ControlRequest.of("reload"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        server.close();

        assertThat(inFlight.get(10, TimeUnit.SECONDS).body().asText()).isEqualTo("reloaded");
        assertThat(socket).doesNotExist();
    }

    @Test
    void closeEndsEveryControlThread() throws Exception {
        ControlServer server = ControlServer.start(socket, ECHO);
        for (int i = 0; i < 8; i++) {
            assertThat(call(ControlRequest.of("status")).ok()).isTrue();
        }
        assertThat(controlThreads()).isNotEmpty();

        server.close();

        assertThat(controlThreads()).isEmpty();
    }

    private static List<Thread> controlThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("warden-control-") && t.isAlive())
                .toList();
    }

    private ControlResponse call(ControlRequest request) throws IOException {
        return ControlClient.call(socket, request, TIMEOUT);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
