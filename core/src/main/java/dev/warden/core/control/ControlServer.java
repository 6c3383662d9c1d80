package dev.warden.core.control;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The daemon's end of the control channel: listens on a Unix domain socket, reads one JSON request line
 * per connection, answers it with the {@link ControlHandler}'s response, and closes the connection (see
 * {@link ControlClient} for the protocol).
 *
 * <p><b>Permissions.</b> The socket file has mode 0600 from the moment it can be connected to; a stale
 * file left by a killed daemon is replaced; a path where a daemon answers, or that is not a socket, is
 * refused.
 *
 * <p><b>Limits.</b> A request line is at most 64 KiB; a client has 5 s from connecting to send it; at most
 * 4 handlers run at once and at most 64 connections are open. A malformed, oversized or incomplete request
 * gets an error response; a silent client is closed when its time is up, without holding up others.
 *
 * <p><b>Threading.</b> One I/O thread and up to four worker threads, daemon threads named
 * {@code warden-control-N}. The handler runs on a worker. {@link #close} may be called from any thread
 * except a worker (a handler that closes its own server waits out the grace period).
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final long CLOSE_MARGIN_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final SocketFile.Bound bound;
    private final ConnectionLoop loop;
    private final Thread loopThread;
    private final ThreadPoolExecutor workers;
    private final ControlThreads threads;
    private final ServerLimits limits;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ControlServer(SocketFile.Bound bound, ConnectionLoop loop, Thread loopThread,
            ThreadPoolExecutor workers, ControlThreads threads, ServerLimits limits) {
        this.bound = bound;
        this.loop = loop;
        this.loopThread = loopThread;
        this.workers = workers;
        this.threads = threads;
        this.limits = limits;
    }

    /**
     * Creates the socket file and starts serving.
     *
     * @param socket where to listen; its directory must exist
     * @param handler answers requests, on worker threads; never null
     * @throws IOException if the directory is missing, a daemon already listens on {@code socket}, the
     *     path exists and is not a socket, or the socket cannot be created; the message names the path
     */
    public static ControlServer start(Path socket, ControlHandler handler) throws IOException {
        return start(socket, handler, ServerLimits.defaults());
    }

    /** {@link #start(Path, ControlHandler)} with other limits (tests shorten the timeouts). */
    static ControlServer start(Path socket, ControlHandler handler, ServerLimits limits) throws IOException {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(limits, "limits");
        SocketFile.Bound bound = SocketFile.bind(socket);
        ControlThreads threads = new ControlThreads();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(limits.workers(), limits.workers(),
                0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threads); // queue ≤ maxConnections
        try {
            ConnectionLoop loop = new ConnectionLoop(bound.channel(), handler, limits, workers);
            Thread loopThread = threads.newThread(loop);
            loopThread.start();
            LOG.info("listening for control commands on {}", bound.path());
            return new ControlServer(bound, loop, loopThread, workers, threads, limits);
        } catch (IOException | RuntimeException | Error e) {
            workers.shutdownNow();
            bound.channel().close();
            SocketFile.deleteIfOurs(bound);
            throw e;
        }
    }

    /** The socket path, absolute. */
    public Path socket() {
        return bound.path();
    }

    /**
     * Stops accepting connections, removes the socket file (unless another process has replaced it),
     * lets requests in flight finish for up to 2 s, then closes what remains, interrupts handlers still
     * running and waits briefly for the threads to end. Idempotent; never throws.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + limits.closeGrace().toNanos() + CLOSE_MARGIN_NANOS;
        loop.stop();
        try {
            if (!loop.awaitAcceptStopped(limits.closeGrace().plusSeconds(1))) {
                LOG.warn("the control loop did not stop accepting in time");
            }
            SocketFile.deleteIfOurs(bound);
            TimeUnit.NANOSECONDS.timedJoin(loopThread, Math.max(1, deadline - System.nanoTime()));
            workers.shutdown();
            if (!workers.awaitTermination(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                LOG.warn("control handlers still running after {}; interrupting them", limits.closeGrace());
                workers.shutdownNow();
            }
            if (!threads.awaitEnd(System.nanoTime() + CLOSE_MARGIN_NANOS)) {
                LOG.warn("some control threads did not end");
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            SocketFile.deleteIfOurs(bound);
            Thread.currentThread().interrupt();
        }
        LOG.info("stopped listening on {}", bound.path());
    }
}
