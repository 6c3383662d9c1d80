package dev.warden.core.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.warden.core.fuzz.Fuzz;
import dev.warden.core.fuzz.Mutate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the control protocol with random lines and mutations of valid requests (bytes flipped, JSON
 * syntax and protocol words inserted, lines cut and spliced; behind NULs or a byte order mark, or nested a
 * few thousand deep, now and then):
 * <ul>
 *   <li>the codec: {@link ControlCodec#decodeRequest} returns a well-formed request, which encodes back
 *   to itself, or throws an IllegalArgumentException with a one-line message, nothing else;</li>
 *   <li>the server's answering path ({@link RequestRunner}): every line gets exactly one response line;
 *   a line the codec refuses gets {@code {"ok":false,...}} and never reaches the handler; one it accepts
 *   reaches the handler once, and a handler that throws gives an error response too;</li>
 *   <li>a running {@link ControlServer}, over its socket, with a 1 KiB request limit: every request,
 *   malformed, too long, without its newline, gets one response line, an error unless it was a valid
 *   request; after all of them the server still answers a valid one.</li>
 * </ul>
 * Bounded: a fixed number of requests and fixed seeds (see {@link Fuzz}).
 */
@Timeout(120)
class ControlFuzzTest {

    private static final int TRIES = 400;
    private static final int MAX_REQUEST = 1024;
    private static final List<byte[]> VALID = Mutate.words("{\"command\":\"status\",\"args\":{\"jail\":\"smtpd\"}}",
            "{\"command\":\"ban\",\"args\":{\"jail\":\"sshd\",\"address\":\"192.0.2.7\"}}", "{\"command\":\"bans\"}",
            "{\"command\":\"reload\",\"args\":null}", " {\"args\":{},\"command\":\"unban\"}\r",
            "{\"command\":\"status\",\"args\":{\"jail\":\"sm\\ntp\\u00e9\"}}");
    private static final List<byte[]> DICTIONARY = Mutate.words("{", "}", "[", "]", ":", ",", "\"", "\\", "\\u0000",
            "\\ud800", "\\u", "\"command\"", "\"args\"", "\"command\":\"x\"", "\"args\":{}", "\"args\":[]",
            "\"a\":\"b\"", "\"a\":1", "null", "true", "false", "1e999", "-0", "NaN", "/*", "*/", "//", "'", "\uFEFF",
            "\u2028", "\r", "\n", "\t", " ", "é");

    /** What makes a JSON parser guess an encoding: NULs before or between ASCII bytes, byte order marks. */
    private static final List<byte[]> BOMS = List.of(new byte[] {0}, new byte[] {0, 0, 0}, new byte[] {0, 0},
            new byte[] {(byte) 0xfe, (byte) 0xff}, new byte[] {(byte) 0xff, (byte) 0xfe},
            new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, new byte[] {0, 0, (byte) 0xfe, (byte) 0xff});

    private final ControlCodec codec = new ControlCodec();

    @Test
    void theCodecDecodesARequestOrSaysWhyNot() {
        Fuzz.check("control: decode", TRIES, ControlFuzzTest::request, Mutate::show, line -> {
            ControlRequest request = decode(line);
            if (request != null) {
                assertThat(request.command()).isNotBlank();
                byte[] again = codec.encode(request);
                assertThat(codec.decodeRequest(again, again.length - 1)).isEqualTo(request);
            }
        });
    }

    @Test
    void everyLineGetsOneResponseAndOnlyValidRequestsReachTheHandler() {
        AtomicReference<ControlRequest> seen = new AtomicReference<>();
        AtomicInteger calls = new AtomicInteger();
        RequestRunner runner = new RequestRunner(request -> {
            calls.incrementAndGet();
            seen.set(request);
            if (request.command().contains("!")) {
                throw new IllegalStateException("handler failed on " + request.command());
            }
            return ControlResponse.ok(JsonNodeFactory.instance.textNode(request.command()));
        }, codec);
        Fuzz.check("control: answer", TRIES, ControlFuzzTest::request, Mutate::show, line -> {
            int before = calls.get();
            ControlRequest request = decode(line);
            ControlResponse response = oneResponse(runner.answer(line));
            if (request == null) {
                assertThat(response.ok()).as("answer to a malformed request").isFalse();
                assertThat(calls.get()).as("handler calls").isEqualTo(before);
            } else {
                assertThat(calls.get()).as("handler calls").isEqualTo(before + 1);
                assertThat(seen.get()).isEqualTo(request);
                assertThat(response.ok()).as("answer to %s", request).isEqualTo(!request.command().contains("!"));
            }
        });
    }

    @Test
    void aRunningServerAnswersEveryRequestAndKeepsRunning() throws IOException {
        ServerLimits limits = new ServerLimits(MAX_REQUEST, Duration.ofSeconds(5), 2, 16, Duration.ofSeconds(1));
        ControlHandler echo = request -> ControlResponse.ok(JsonNodeFactory.instance.textNode(request.command()));
        try (SocketDir dir = SocketDir.create();
             ControlServer server = ControlServer.start(dir.resolve("warden.sock"), echo, limits)) {
            Fuzz.check("control: server", TRIES / 2, ControlFuzzTest::serverInput, Mutate::show, input -> {
                String answer = exchange(server, input);
                int newline = indexOf(input, (byte) '\n');
                if (input.length == 0) {
                    assertThat(answer).as("no request, no answer").isEmpty();
                    return;
                }
                boolean valid = newline >= 0 && newline <= MAX_REQUEST && decode(slice(input, newline)) != null;
                ControlResponse response = oneResponse(answer.getBytes(StandardCharsets.UTF_8));
                assertThat(response.ok()).as("answer %s", answer).isEqualTo(valid);
            });
            byte[] valid = Mutate.concat(List.of(VALID.get(0), Mutate.words("\n").get(0)));
            ControlResponse still = oneResponse(exchange(server, valid).getBytes(StandardCharsets.UTF_8));
            assertThat(still.ok()).as("the server still answers").isTrue();
        }
    }

    /** The request decoded, or null when the codec refused it with a one-line message. */
    private ControlRequest decode(byte[] line) {
        try {
            return codec.decodeRequest(line, line.length);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).as("why the request was refused").isNotBlank().doesNotContain("\n");
            return null;
        }
    }

    /** The one response in {@code bytes}: one line, with its newline, that decodes as a response. */
    private ControlResponse oneResponse(byte[] bytes) {
        assertThat(bytes).as("a response").isNotEmpty();
        assertThat(indexOf(bytes, (byte) '\n')).as("one line, with its newline").isEqualTo(bytes.length - 1);
        return codec.decodeResponse(bytes, bytes.length - 1);
    }

    /**
     * Sends {@code input} as it is, closes the sending side, and reads everything the server answers until
     * it closes. A server that closes with bytes of ours still unread (after the line it answered) resets
     * the connection once we have read its answer; that ends the answer too.
     */
    private static String exchange(ControlServer server, byte[] input) throws IOException {
        try (SocketChannel channel = RawClient.connect(server.socket())) {
            ByteBuffer out = ByteBuffer.wrap(input);
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.shutdownOutput();
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(4096);
            try {
                while (channel.read(in) >= 0) {
                    all.write(in.array(), 0, in.position());
                    in.clear();
                }
            } catch (IOException reset) {
                if (all.size() == 0) {
                    throw reset;
                }
            }
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    /** A request line without its newline: random, or a valid one mutated, or nested very deep. */
    private static byte[] request(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> Mutate.randomBytes(r, 200, DICTIONARY);
            case 1 -> ("{\"command\":" + "[".repeat(1 + r.nextInt(5000))).getBytes(StandardCharsets.UTF_8);
            case 2 -> VALID.get(r.nextInt(VALID.size()));
            case 3 -> Mutate.concat(List.of(BOMS.get(r.nextInt(BOMS.size())), Mutate.bytes(r,
                    VALID.get(r.nextInt(VALID.size())), VALID, DICTIONARY)));
            default -> Mutate.bytes(r, VALID.get(r.nextInt(VALID.size())), VALID, DICTIONARY);
        };
    }

    /** What a client sends: a request with its newline, or without, or longer than the limit. */
    private static byte[] serverInput(Random r) {
        List<byte[]> parts = new ArrayList<>(List.of(request(r)));
        switch (r.nextInt(6)) {
            case 0 -> {
            }
            case 1 -> parts.add(0, new byte[MAX_REQUEST - 10 + r.nextInt(20)]);
            default -> parts.add(Mutate.words("\n").get(0));
        }
        if (r.nextInt(8) == 0) {
            parts.add(request(r));
        }
        return Mutate.concat(parts);
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] slice(byte[] b, int end) {
        return java.util.Arrays.copyOf(b, end);
    }
}
