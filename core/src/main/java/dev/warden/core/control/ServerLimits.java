package dev.warden.core.control;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds a {@link ControlServer} keeps to, so that a bad or slow client cannot hurt the daemon.
 * The defaults are what {@code warden run} uses; tests shorten the timeouts.
 *
 * @param maxRequestBytes the longest request line accepted, without its newline
 * @param ioTimeout how long a client has, from connecting, to send its whole request line; and how long
 *     writing a response may stall
 * @param workers how many handlers may run at once
 * @param maxConnections how many connections may be open at once; more are answered "too many
 *     connections" and closed. This also bounds the queue of requests waiting for a worker.
 * @param closeGrace how long {@link ControlServer#close} waits for requests in flight
 */
record ServerLimits(int maxRequestBytes, Duration ioTimeout, int workers, int maxConnections, Duration closeGrace) {

    /** 64 KiB requests, 5 s to send one, 4 workers, 64 connections, 2 s grace on close. */
    static ServerLimits defaults() {
        return new ServerLimits(64 * 1024, Duration.ofSeconds(5), 4, 64, Duration.ofSeconds(2));
    }

    ServerLimits {
        Objects.requireNonNull(ioTimeout, "ioTimeout");
        Objects.requireNonNull(closeGrace, "closeGrace");
        if (maxRequestBytes < 1 || workers < 1 || maxConnections < 1
                || ioTimeout.isNegative() || ioTimeout.isZero() || closeGrace.isNegative()) {
            throw new IllegalArgumentException("limits must be positive: maxRequestBytes=" + maxRequestBytes
                    + " ioTimeout=" + ioTimeout + " workers=" + workers + " maxConnections=" + maxConnections
                    + " closeGrace=" + closeGrace);
        }
    }
}
