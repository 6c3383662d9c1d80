package dev.warden.core.control;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The server's one I/O thread: accepts connections, reads request lines and writes responses on
 * non-blocking channels with one {@link Selector}, and hands each complete request line to a worker.
 * Reading never occupies a worker, so clients that connect and send nothing only cost a buffer each
 * until their {@link ServerLimits#ioTimeout} closes them.
 *
 * <p>Deadlines use {@link System#nanoTime}, a monotonic timer; they are I/O timeouts, not wall time.
 *
 * <p><b>Threading.</b> {@link #run} on its own thread; {@link #stop} and {@link #awaitAcceptStopped}
 * from any thread; workers hand answers back through a concurrent queue and wake the selector.
 */
final class ConnectionLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLoop.class);

    private record Answer(Connection connection, byte[] response) {
    }

    private final ServerSocketChannel server;
    private final Selector selector;
    private final RequestRunner runner;
    private final ControlCodec codec;
    private final ServerLimits limits;
    private final Executor workers;
    private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final Set<Connection> connections = new HashSet<>();
    private final CountDownLatch acceptStopped = new CountDownLatch(1);
    private final byte[] internalError;
    private volatile boolean stopRequested;
    private long stopDeadline;

    /** Takes over {@code server}, which must be bound; opens a selector. */
    ConnectionLoop(ServerSocketChannel server, ControlHandler handler, ServerLimits limits, Executor workers)
            throws IOException {
        this.server = server;
        this.codec = new ControlCodec();
        this.runner = new RequestRunner(handler, codec);
        this.limits = limits;
        this.workers = workers;
        this.internalError = error("internal error");
        this.selector = Selector.open();
        try {
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
    }

    /** Asks the loop to stop accepting, let requests in flight finish within the grace, then end. */
    void stop() {
        stopRequested = true;
        selector.wakeup();
    }

    /** Waits until the listening socket is closed (after {@link #stop}, or if the loop died). */
    boolean awaitAcceptStopped(Duration timeout) throws InterruptedException {
        return acceptStopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void run() {
        try {
            while (!finished()) {
                selector.select(this::dispatch, timeoutMillis());
                takeAnswers();
                expire(System.nanoTime());
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("the control socket stopped working", e);
        } finally {
            connections.forEach(Connection::close);
            connections.clear();
            closeServer();
            acceptStopped.countDown();
            try {
                selector.close();
            } catch (IOException e) {
                LOG.debug("closing the control selector", e);
            }
        }
    }

    private boolean finished() throws IOException {
        if (stopRequested && server.isOpen()) {
            closeServer();
            selector.selectNow(this::dispatch); // completes the deregistration: the socket is really closed
            acceptStopped.countDown();
            stopDeadline = System.nanoTime() + limits.closeGrace().toNanos();
            for (Connection c : List.copyOf(connections)) {
                if (c.idle()) {
                    c.abort(error("the daemon is shutting down"));
                    connections.remove(c);
                }
            }
        }
        return !server.isOpen() && (connections.isEmpty() || System.nanoTime() - stopDeadline >= 0);
    }

    private void dispatch(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.channel() == server) {
            accept();
            return;
        }
        Connection c = (Connection) key.attachment();
        try {
            if (key.isReadable()) {
                read(c);
            } else if (key.isWritable() && c.write(deadline()) && !c.drainIfAsked(deadline())) {
                close(c);
            }
        } catch (IOException e) {
            LOG.debug("control connection failed: {}", e.toString());
            close(c);
        }
    }

    private void accept() {
        try {
            for (SocketChannel ch = server.accept(); ch != null; ch = server.accept()) {
                ch.configureBlocking(false);
                if (connections.size() >= limits.maxConnections()) {
                    Connection.abort(ch, error("too many connections to the daemon; try again"));
                    continue;
                }
                SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
                Connection c = new Connection(ch, key, limits.maxRequestBytes(), deadline());
                key.attach(c);
                connections.add(c);
            }
        } catch (IOException e) {
            LOG.warn("cannot accept a control connection: {}", e.toString());
        }
    }

    private void read(Connection c) throws IOException {
        if (c.state() == Connection.State.DRAINING) {
            if (c.drain()) {
                close(c);
            }
            return;
        }
        switch (c.read()) {
            case LINE -> submit(c);
            case TOO_LONG -> c.respond(error("request longer than " + limits.maxRequestBytes() + " bytes"),
                    true, deadline());
            case END_WITHOUT_NEWLINE -> c.respond(error("incomplete request: no newline at its end"),
                    false, deadline());
            case END -> close(c);
            case MORE -> { }
        }
    }

    private void submit(Connection c) {
        byte[] line = c.line();
        c.handling();
        try {
            workers.execute(() -> {
                byte[] response = internalError;
                try {
                    response = runner.answer(line);
                } finally {
                    answers.add(new Answer(c, response));
                    selector.wakeup();
                }
            });
        } catch (RejectedExecutionException e) {
            c.abort(error("the daemon is shutting down"));
            connections.remove(c);
        }
    }

    private void takeAnswers() {
        for (Answer a = answers.poll(); a != null; a = answers.poll()) {
            if (connections.contains(a.connection())) {
                a.connection().respond(a.response(), false, deadline());
            }
        }
    }

    private void expire(long now) {
        for (Iterator<Connection> it = connections.iterator(); it.hasNext(); ) {
            Connection c = it.next();
            if (c.state() == Connection.State.HANDLING || now - c.deadline() < 0) {
                continue;
            }
            if (c.state() == Connection.State.READING) {
                c.abort(error("no complete request within " + ControlClient.describe(limits.ioTimeout())));
            } else {
                c.close();
            }
            it.remove();
        }
    }

    private long timeoutMillis() {
        long now = System.nanoTime();
        long earliest = Long.MAX_VALUE;
        boolean any = false;
        for (Connection c : connections) {
            if (c.state() != Connection.State.HANDLING) {
                earliest = any ? Math.min(earliest, c.deadline() - now) : c.deadline() - now;
                any = true;
            }
        }
        if (!server.isOpen()) {
            earliest = any ? Math.min(earliest, stopDeadline - now) : stopDeadline - now;
            any = true;
        }
        return any ? Math.max(1, TimeUnit.NANOSECONDS.toMillis(earliest) + 1) : 0;
    }

    private long deadline() {
        return System.nanoTime() + limits.ioTimeout().toNanos();
    }

    private byte[] error(String message) {
        return codec.encode(ControlResponse.error(message));
    }

    private void close(Connection c) {
        c.close();
        connections.remove(c);
    }

    private void closeServer() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the control socket", e);
        }
    }
}
