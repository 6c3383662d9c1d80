package dev.warden.core.metrics;

import dev.warden.core.config.MetricsSettings;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code metrics-listen}: the Prometheus client's HTTP server, serving {@link WardenMetrics} on
 * {@code /metrics} (and {@code /-/healthy}) at the configured address, on one daemon thread of its own
 * (a scrape is a few kilobytes). Close it to stop listening.
 */
public final class MetricsHttp implements AutoCloseable {

    private final HTTPServer server;

    private MetricsHttp(HTTPServer server) {
        this.server = server;
    }

    /**
     * Starts listening as {@code settings} say, or returns a listener that does nothing when they name no
     * address.
     *
     * @throws IOException naming the address when it cannot be bound (in use, not an address of this host)
     */
    public static MetricsHttp start(MetricsSettings settings, WardenMetrics metrics) throws IOException {
        if (!settings.listens()) {
            return new MetricsHttp(null);
        }
        ExecutorService one = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "warden-metrics-http");
            t.setDaemon(true);
            return t;
        });
        try {
            return new MetricsHttp(HTTPServer.builder().hostname(settings.listenHost()).port(settings.listenPort())
                    .registry(metrics.registry()).executorService(one).buildAndStart());
        } catch (IOException | RuntimeException e) {
            one.shutdownNow();
            throw new IOException("cannot listen for metrics on " + settings.listenText() + ": " + e.getMessage(), e);
        }
    }

    /** The port listened on, or 0 when not listening. */
    public int port() {
        return server == null ? 0 : server.getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
