package dev.warden.core.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where {@code warden run} offers its metrics besides {@code warden metrics}: {@code metrics-listen}, an HTTP
 * listener serving {@code /metrics}, and {@code metrics-file}, a file rewritten for node_exporter's textfile
 * collector. Either may be absent. Immutable.
 *
 * @param listenHost the IP address (or {@code localhost}) to listen on, without brackets; null: no listener
 * @param listenPort the TCP port, 1–65535 (0 when there is no listener)
 * @param file the file to rewrite; null: none
 */
public record MetricsSettings(String listenHost, int listenPort, Path file) {

    /** Neither a listener nor a file. */
    public static final MetricsSettings NONE = new MetricsSettings(null, 0, null);

    public MetricsSettings {
        if (listenHost == null ? listenPort != 0 : listenPort < 1 || listenPort > 65535) {
            throw new IllegalArgumentException("port " + listenPort + (listenHost == null ? " without a host" : ""));
        }
    }

    /** Whether an HTTP listener is configured. */
    public boolean listens() {
        return listenHost != null;
    }

    /** {@code HOST:PORT} as configured ({@code [::1]:9632} for IPv6). */
    public String listenText() {
        Objects.requireNonNull(listenHost, "no listener");
        return (listenHost.indexOf(':') >= 0 ? "[" + listenHost + "]" : listenHost) + ":" + listenPort;
    }
}
