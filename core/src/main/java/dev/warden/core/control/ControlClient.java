package dev.warden.core.control;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The CLI's end of the control channel: sends one request to the daemon and returns its response.
 *
 * <p><b>Protocol.</b> Over a Unix domain socket, the client sends one JSON object on one line (UTF-8,
 * ending in {@code \n}), {@code {"command":"status","args":{"jail":"smtpd"}}}; the daemon answers with one
 * line, {@code {"ok":true,"body":...}} or {@code {"ok":false,"error":"..."}}, and the connection closes.
 *
 * <p><b>Threading.</b> Stateless; {@link #call} may be used from any thread. Each call has its own JSON
 * mapper and connection.
 */
public final class ControlClient {

    /** The largest response accepted (a long ban list is a few MiB). */
    static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private ControlClient() {
    }

    /** "5 s" or "1500 ms". */
    static String describe(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /**
     * Sends {@code request} to the daemon listening on {@code socket} and waits for its answer.
     *
     * @param timeout for the whole exchange: connecting, sending and receiving; positive
     * @return the daemon's response, which may be a failure ({@code ok} false); never null
     * @throws NoDaemonException if the socket file does not exist or nobody listens on it (a stale file)
     * @throws java.net.SocketTimeoutException if the daemon did not answer within {@code timeout}
     * @throws IOException if the daemon closed the connection without answering or answered with
     *     something that is not a response, or the socket cannot be used (for example, permission
     *     denied); the message says which and names the socket
     */
    public static ControlResponse call(Path socket, ControlRequest request, Duration timeout)
            throws NoDaemonException, IOException {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(request, "request");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        ControlCodec codec = new ControlCodec();
        while (true) {
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                    Selector selector = Selector.open()) {
                channel.configureBlocking(false);
                SelectionKey key = channel.register(selector, 0);
                Exchange exchange = new Exchange(socket, channel, key, deadline, timeout);
                exchange.connect();
                exchange.send(codec.encode(request));
                byte[] line = exchange.receiveLine();
                try {
                    return codec.decodeResponse(line, line.length);
                } catch (IllegalArgumentException e) {
                    throw new IOException(e.getMessage() + " (from the daemon on " + socket + ")", e);
                }
            } catch (QueueFull full) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new IOException("cannot connect to " + socket + ": the daemon's queue of connections"
                            + " stayed full for " + timeout.toMillis() + " ms", full.getCause());
                }
                pause();
            }
        }
    }

    /** The pause before connecting again to a daemon whose queue of connections was full. */
    private static void pause() throws InterruptedIOException {
        try {
            Thread.sleep(RETRY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to connect to the daemon");
        }
    }

    /**
     * A Unix socket's queue of connections not yet accepted was full: a non-blocking connect fails with
     * {@code EAGAIN} at once (unlike TCP, where it would wait), and the JDK closes the channel. Many clients at
     * once (cron jobs, a monitoring check and an operator) can meet it while the daemon's accepting thread
     * waits for a CPU; {@link #call} tries again with a new channel until its deadline.
     */
    private static final class QueueFull extends IOException {
        private static final long serialVersionUID = 1L;

        QueueFull(SocketException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** strerror(EAGAIN) in glibc and OpenBSD's libc: the JDK reports the errno of a failed connect only so. */
    private static final String EAGAIN = "Resource temporarily unavailable";
    private static final long RETRY_PAUSE_MILLIS = 10;

    /** One request and response on a non-blocking channel, every wait bounded by the deadline. */
    private static final class Exchange {

        private final Path socket;
        private final SocketChannel channel;
        private final SelectionKey key;
        private final long deadline;
        private final Duration timeout;
        private IOException writeFailure;

        Exchange(Path socket, SocketChannel channel, SelectionKey key, long deadline, Duration timeout) {
            this.socket = socket;
            this.channel = channel;
            this.key = key;
            this.deadline = deadline;
            this.timeout = timeout;
        }

        void connect() throws IOException {
            boolean connected;
            try {
                connected = channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (ConnectException refused) {
                throw new NoDaemonException(socket, refused);
            } catch (SocketException e) {
                if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                    throw new NoDaemonException(socket, e);
                }
                if (EAGAIN.equals(e.getMessage())) {
                    throw new QueueFull(e);
                }
                throw new IOException("cannot connect to " + socket + ": " + e.getMessage(), e);
            }
            while (!connected) {
                await(SelectionKey.OP_CONNECT);
                connected = channel.finishConnect();
            }
        }

        /** Writes the request; if the daemon closes early, carries on so that its answer can be read. */
        void send(byte[] request) throws IOException {
            ByteBuffer out = ByteBuffer.wrap(request);
            try {
                while (out.hasRemaining()) {
                    if (channel.write(out) == 0) {
                        await(SelectionKey.OP_WRITE);
                    }
                }
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException closedEarly) {
                // e.g. "Broken pipe": the daemon gave up on the request and may have said why
                writeFailure = closedEarly;
            }
        }

        byte[] receiveLine() throws IOException {
            ByteBuffer in = ByteBuffer.allocate(8192);
            int scanned = 0;
            while (true) {
                int n = readSome(in);
                if (n < 0) {
                    IOException e = new IOException(in.position() == 0
                            ? "the daemon on " + socket + " closed the connection without answering"
                            : "incomplete response from the daemon on " + socket);
                    if (writeFailure != null) {
                        e.addSuppressed(writeFailure);
                    }
                    throw e;
                }
                for (int i = scanned; i < in.position(); i++) {
                    if (in.get(i) == '\n') {
                        byte[] line = new byte[i];
                        in.get(0, line);
                        return line;
                    }
                }
                scanned = in.position();
                if (!in.hasRemaining()) {
                    in = grow(in);
                }
            }
        }

        private int readSome(ByteBuffer in) throws IOException {
            int n = channel.read(in);
            while (n == 0) {
                await(SelectionKey.OP_READ);
                n = channel.read(in);
            }
            return n;
        }

        private ByteBuffer grow(ByteBuffer in) throws IOException {
            if (in.capacity() >= MAX_RESPONSE_BYTES) {
                throw new IOException("response from the daemon on " + socket + " is longer than "
                        + MAX_RESPONSE_BYTES + " bytes");
            }
            ByteBuffer bigger = ByteBuffer.allocate(Math.min(MAX_RESPONSE_BYTES, in.capacity() * 2));
            in.flip();
            return bigger.put(in);
        }

        private void await(int ops) throws IOException {
            key.interestOps(ops);
            Selector selector = key.selector();
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException("the daemon on " + socket + " did not answer within "
                            + describe(timeout));
                }
                int ready = selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                selector.selectedKeys().clear();
                if (ready > 0) {
                    return;
                }
            }
        }
    }
}
