package dev.warden.core.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Test helpers speaking raw bytes on a Unix domain socket, to play clients and daemons that misbehave. */
final class RawClient {

    private RawClient() {
    }

    /** A connected blocking channel. */
    static SocketChannel connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        return channel;
    }

    static void write(SocketChannel channel, String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    /** Everything the peer sends until it closes (blocking; guard the test with a timeout). */
    static String readToEnd(SocketChannel channel) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuffer in = ByteBuffer.allocate(4096);
        while (channel.read(in) >= 0) {
            all.write(in.array(), 0, in.position());
            in.clear();
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    /** Sends {@code line} and parses the one-line answer as JSON. */
    static JsonNode exchange(Path socket, String line) throws IOException {
        try (SocketChannel channel = connect(socket)) {
            write(channel, line);
            String answer = readToEnd(channel);
            if (!answer.endsWith("\n") || answer.indexOf('\n') != answer.length() - 1) {
                throw new AssertionError("not one line: " + answer);
            }
            return new ObjectMapper().readTree(answer);
        }
    }

    /** A socket file nobody listens on, as a killed daemon leaves it. */
    static void stale(Path socket) throws IOException {
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
    }
}
