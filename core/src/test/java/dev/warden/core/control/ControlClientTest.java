package dev.warden.core.control;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class ControlClientTest {

    private static final ControlRequest STATUS = ControlRequest.of("status");

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
    void missingSocketFileMeansNoDaemon() {
        assertThatThrownBy(() -> ControlClient.call(socket, STATUS, Duration.ofSeconds(5)))
                .isInstanceOf(NoDaemonException.class)
                .hasMessage("no daemon is listening on " + socket);
        Path noDir = dir.resolve("gone/warden.sock");
        assertThatThrownBy(() -> ControlClient.call(noDir, STATUS, Duration.ofSeconds(5)))
                .isInstanceOf(NoDaemonException.class);
    }

    @Test
    void staleSocketFileMeansNoDaemon() throws Exception {
        RawClient.stale(socket);
        assertThat(socket).exists();
        assertThatThrownBy(() -> ControlClient.call(socket, STATUS, Duration.ofSeconds(5)))
                .isInstanceOf(NoDaemonException.class)
                .hasMessage("no daemon is listening on " + socket);
    }

    @Test
    void daemonThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocketChannel mute = listen()) { // connections wait in the backlog, never accepted
            long start = System.nanoTime();
            assertThatThrownBy(() -> ControlClient.call(socket, STATUS, Duration.ofMillis(300)))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("the daemon on " + socket + " did not answer within 300 ms");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(290)).isLessThan(Duration.ofSeconds(10));
        }
    }

    /**
     * Fills the queue of a listening socket that accepts nothing: non-blocking connects until one fails (EAGAIN).
     * Returns the queued clients, to be closed by the caller.
     */
    private java.util.List<SocketChannel> fillQueue() throws IOException {
        java.util.List<SocketChannel> queued = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
            c.configureBlocking(false);
            try {
                c.connect(UnixDomainSocketAddress.of(socket));
            } catch (java.net.SocketException full) {
                c.close();
                return queued;
            }
            queued.add(c);
        }
        throw new AssertionError("the queue never filled");
    }

    private ServerSocketChannel listen(int backlog) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket), backlog);
        return server;
    }

    @Test
    void aQueueOfConnectionsThatStaysFullIsReportedAtTheDeadline() throws Exception {
        try (ServerSocketChannel mute = listen(1)) {
            java.util.List<SocketChannel> queued = fillQueue();
            try {
                long start = System.nanoTime();
                assertThatThrownBy(() -> ControlClient.call(socket, STATUS, Duration.ofMillis(300)))
                        .isInstanceOf(IOException.class)
                        .isNotInstanceOf(NoDaemonException.class)
                        .hasMessage("cannot connect to " + socket + ": the daemon's queue of connections stayed full"
                                + " for 300 ms");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
            } finally {
                for (SocketChannel c : queued) {
                    c.close();
                }
            }
        }
    }

    @Test
    void aFullQueueThatDrainsBeforeTheDeadlineLetsTheCallThrough() throws Exception {
        try (ServerSocketChannel server = listen(1)) {
            java.util.List<SocketChannel> queued = fillQueue();
            CompletableFuture<Void> daemon = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(200);
                    for (int i = 0; i < queued.size(); i++) {
                        server.accept().close(); // the queued clients: taken off the queue
                    }
                    try (SocketChannel ch = server.accept()) {
                        readLine(ch);
                        RawClient.write(ch, "{\"ok\":true,\"body\":\"late\"}\n");
                    }
                } catch (IOException | InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            try {
                ControlResponse r = ControlClient.call(socket, STATUS, Duration.ofSeconds(10));
                assertThat(r.body().asText()).isEqualTo("late");
                daemon.get(10, TimeUnit.SECONDS);
            } finally {
                for (SocketChannel c : queued) {
                    c.close();
                }
            }
        }
    }

    @Test
    void answerThatIsNotJsonIsAnIOException() throws Exception {
        try (ServerSocketChannel fake = listen()) {
            CompletableFuture<Void> daemon = answerOnce(fake, "hello\n");
            assertThatThrownBy(() -> ControlClient.call(socket, STATUS, Duration.ofSeconds(10)))
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(NoDaemonException.class)
                    .hasMessageStartingWith("malformed response")
                    .hasMessageEndingWith("(from the daemon on " + socket + ")");
            daemon.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void answerWithoutOkIsAnIOException() throws Exception {
        try (ServerSocketChannel fake = listen()) {
            CompletableFuture<Void> daemon = answerOnce(fake, "{\"body\":1}\n");
            assertThatThrownBy(() -> ControlClient.call(socket, STATUS, Duration.ofSeconds(10)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("\"ok\" must be true or false");
            daemon.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void closingWithoutAnAnswerIsAnIOException() throws Exception {
        try (ServerSocketChannel fake = listen()) {
            CompletableFuture<Void> daemon = answerOnce(fake, "");
            assertThatThrownBy(() -> ControlClient.call(socket, STATUS, Duration.ofSeconds(10)))
                    .isInstanceOf(IOException.class)
                    .hasMessage("the daemon on " + socket + " closed the connection without answering");
            daemon.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void answerCutShortIsAnIOException() throws Exception {
        try (ServerSocketChannel fake = listen()) {
            CompletableFuture<Void> daemon = answerOnce(fake, "{\"ok\":true,\"bo");
            assertThatThrownBy(() -> ControlClient.call(socket, STATUS, Duration.ofSeconds(10)))
                    .isInstanceOf(IOException.class)
                    .hasMessage("incomplete response from the daemon on " + socket);
            daemon.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theRequestIsSentAsOneLineAndTheFirstLineIsTheAnswer() throws Exception {
        try (ServerSocketChannel fake = listen()) {
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                try (SocketChannel ch = fake.accept()) {
                    String line = readLine(ch);
                    RawClient.write(ch, "{\"ok\":true,\"body\":[1]}\n{\"ok\":false,\"error\":\"second\"}\n");
                    return line;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });

            ControlResponse response = ControlClient.call(socket, STATUS, Duration.ofSeconds(10));

            assertThat(response.ok()).isTrue();
            assertThat(response.body().get(0).asInt()).isEqualTo(1);
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("{\"command\":\"status\",\"args\":{}}");
        }
    }

    @Test
    void answerSentBeforeTheRequestWasReadIsStillReturned() throws Exception {
        try (ServerSocketChannel fake = listen()) {
            CompletableFuture<Void> daemon = CompletableFuture.runAsync(() -> {
                try (SocketChannel ch = fake.accept()) {
                    RawClient.write(ch, "{\"ok\":false,\"error\":\"go away\"}\n");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            ControlRequest huge = new ControlRequest("ban", Map.of("ip", "x".repeat(4_000_000)));

            ControlResponse response = ControlClient.call(socket, huge, Duration.ofSeconds(10));

            assertThat(response).isEqualTo(ControlResponse.error("go away"));
            daemon.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void timeoutMustBePositive() {
        assertThatThrownBy(() -> ControlClient.call(socket, STATUS, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ControlClient.describe(Duration.ofSeconds(5))).isEqualTo("5 s");
        assertThat(ControlClient.describe(Duration.ofMillis(1500))).isEqualTo("1500 ms");
    }

    private ServerSocketChannel listen() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return server;
    }

    /** A fake daemon: accepts one connection, reads the request line, writes {@code answer}, closes. */
    private static CompletableFuture<Void> answerOnce(ServerSocketChannel server, String answer) {
        return CompletableFuture.runAsync(() -> {
            try (SocketChannel ch = server.accept()) {
                readLine(ch);
                RawClient.write(ch, answer);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String readLine(SocketChannel ch) throws IOException {
        StringBuilder line = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (ch.read(one) > 0) {
            if (one.get(0) == '\n') {
                return line.toString();
            }
            line.append((char) one.get(0));
            one.clear();
        }
        throw new IOException("no request line");
    }
}
