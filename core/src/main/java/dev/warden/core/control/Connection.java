package dev.warden.core.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * One client connection of a {@link ConnectionLoop}: reading the request line into a bounded buffer,
 * waiting for the handler, writing the response, and optionally draining what the client still sends
 * (after a too-long request, so that the client reads our answer instead of a reset).
 *
 * <p><b>Threading.</b> Confined to the loop thread, except that the worker only ever sees the copy
 * returned by {@link #line()}.
 */
final class Connection {

    /** Where the exchange is. */
    enum State { READING, HANDLING, WRITING, DRAINING }

    /** What one {@link #read()} found. */
    enum Read { MORE, LINE, TOO_LONG, END, END_WITHOUT_NEWLINE }

    private final SocketChannel channel;
    private final SelectionKey key;
    private final ByteBuffer in;
    private int scanned;
    private int lineLength = -1;
    private ByteBuffer out;
    private boolean drainAfterWrite;
    private State state = State.READING;
    private long deadline;

    /**
     * @param key the channel's registration for reading
     * @param maxRequestBytes the longest request line, without its newline
     * @param deadline {@link System#nanoTime} by which the request line must be complete
     */
    Connection(SocketChannel channel, SelectionKey key, int maxRequestBytes, long deadline) {
        this.channel = channel;
        this.key = key;
        this.in = ByteBuffer.allocate(maxRequestBytes + 1);
        this.deadline = deadline;
    }

    State state() {
        return state;
    }

    /** {@link System#nanoTime} by which the current step must end; meaningless while handling. */
    long deadline() {
        return deadline;
    }

    /** True while nothing at all has been received. */
    boolean idle() {
        return state == State.READING && in.position() == 0;
    }

    /** Reads what is available and looks for the end of the request line. */
    Read read() throws IOException {
        int n = channel.read(in);
        if (n < 0) {
            return in.position() == 0 ? Read.END : Read.END_WITHOUT_NEWLINE;
        }
        byte[] bytes = in.array();
        for (int i = scanned; i < in.position(); i++) {
            if (bytes[i] == '\n') {
                lineLength = i;
                return Read.LINE;
            }
        }
        scanned = in.position();
        return in.hasRemaining() ? Read.MORE : Read.TOO_LONG;
    }

    /** A copy of the request line, without its newline; only after {@link #read()} returned LINE. */
    byte[] line() {
        return Arrays.copyOf(in.array(), lineLength);
    }

    /** The request is with a worker: stop watching the channel. */
    void handling() {
        state = State.HANDLING;
        key.interestOps(0);
    }

    /**
     * Starts writing a response.
     *
     * @param drainAfter whether to read and discard the client's input after the response (it is still
     *     sending) instead of closing at once
     */
    void respond(byte[] response, boolean drainAfter, long deadline) {
        this.out = ByteBuffer.wrap(response);
        this.drainAfterWrite = drainAfter;
        this.deadline = deadline;
        state = State.WRITING;
        key.interestOps(SelectionKey.OP_WRITE);
    }

    /**
     * Writes what the socket takes; a write that makes progress moves the deadline to
     * {@code progressDeadline}.
     *
     * @return true if the whole response is written
     */
    boolean write(long progressDeadline) throws IOException {
        if (channel.write(out) > 0) {
            deadline = progressDeadline;
        }
        return !out.hasRemaining();
    }

    /**
     * After the response: starts draining if asked to.
     *
     * @return true if the connection stays open to drain, false if it should be closed now
     */
    boolean drainIfAsked(long deadline) throws IOException {
        if (!drainAfterWrite) {
            return false;
        }
        channel.shutdownOutput();
        this.deadline = deadline;
        state = State.DRAINING;
        key.interestOps(SelectionKey.OP_READ);
        return true;
    }

    /** Discards input; true at the end of the client's input. */
    boolean drain() throws IOException {
        in.clear();
        return channel.read(in) < 0;
    }

    /** Best effort: one non-blocking write of {@code response}, then close. */
    void abort(byte[] response) {
        abort(channel, response);
        key.cancel();
    }

    void close() {
        key.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a socket we are done with: nothing to do about it
        }
    }

    /** Best effort: one write of {@code response} to a non-blocking channel, then close it. */
    static void abort(SocketChannel channel, byte[] response) {
        try (channel) {
            channel.write(ByteBuffer.wrap(response));
        } catch (IOException ignored) {
            // the client is gone or not reading: closing is all we can do
        }
    }
}
