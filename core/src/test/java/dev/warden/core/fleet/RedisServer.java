package dev.warden.core.fleet;

import dev.warden.core.config.RedisAddress;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real {@code redis-server} for a test (installed by {@code .ci/run}), on a free port, in a temporary
 * directory, persisting nothing ({@code --save '' --appendonly no}): never a mock. {@link #kill()} is a SIGKILL;
 * {@link #start()} starts it again on the same port, empty.
 */
public final class RedisServer implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final List<String> extra;
    private Process process;

    private RedisServer(Path dir, int port, List<String> extra) {
        this.dir = dir;
        this.port = port;
        this.extra = extra;
    }

    /** Starts one in {@code dir}; the test is skipped where redis-server is not installed. */
    public static RedisServer start(Path dir) throws IOException, InterruptedException {
        assumeTrue(installed(), "redis-server is not installed (.ci/run installs it)");
        RedisServer r = new RedisServer(dir, freePort(), List.of());
        r.start();
        return r;
    }

    /**
     * Starts one that speaks TLS only, on its port, with this certificate and key (PEM); clients need not present
     * a certificate.
     */
    public static RedisServer startTls(Path dir, Path cert, Path key, Path ca) throws IOException, InterruptedException {
        assumeTrue(installed(), "redis-server is not installed (.ci/run installs it)");
        int port = freePort();
        RedisServer r = new RedisServer(dir, port, List.of("--port", "0", "--tls-port", Integer.toString(port),
                "--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(), "--tls-ca-cert-file",
                ca.toString(), "--tls-auth-clients", "no"));
        r.start();
        return r;
    }

    public static boolean installed() {
        return List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server").stream()
                .anyMatch(p -> Files.isExecutable(Path.of(p)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public void start() throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        cmd.addAll(extra); // a later --port wins
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IOException("redis-server did not listen on " + port + ": " + Files.readString(dir.resolve("redis.log")));
    }

    /** SIGKILL, and waits for the process to end. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public int port() {
        return port;
    }

    public RedisAddress address() {
        return new RedisAddress(false, null, null, "127.0.0.1", port, 0);
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
