package dev.warden.core.control;

import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A request line is UTF-8 JSON. Jackson guesses the encoding of the bytes it is given from their first
 * four: a line starting with NUL bytes was read as UTF-32 or UTF-16, and a character past U+10FFFF then
 * threw an I/O exception the codec let escape, so the server answered "internal error" and its worker
 * thread died with a stack trace; a UTF-16 request was even accepted. Found by {@code ControlFuzzTest}.
 */
@Timeout(30)
class ControlCodecEncodingTest {

    /** UTF-32BE for '{', then a "character" 0x21636f6d: not Unicode. */
    private static final byte[] UTF32_GARBAGE = {0, 0, 0, '{', '!', 'c', 'o', 'm', 'm', 'a', 'n', 'd'};

    private final ControlCodec codec = new ControlCodec();

    @Test
    void aLineThatLooksLikeUtf32IsAMalformedRequest() {
        assertThatThrownBy(() -> codec.decodeRequest(UTF32_GARBAGE, UTF32_GARBAGE.length))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("malformed request: ");
        assertThatThrownBy(() -> codec.decodeResponse(UTF32_GARBAGE, UTF32_GARBAGE.length))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("malformed response: ");
    }

    @Test
    void aUtf16RequestIsNotARequest() {
        byte[] utf16 = "{\"command\":\"status\"}".getBytes(StandardCharsets.UTF_16BE);
        assertThatThrownBy(() -> codec.decodeRequest(utf16, utf16.length))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("malformed request: ");
    }

    @Test
    void theServerAnswersSuchALineWithWhatIsWrongWithIt() throws Exception {
        ControlHandler handler = request -> ControlResponse.ok(NullNode.getInstance());
        try (SocketDir dir = SocketDir.create();
             ControlServer server = ControlServer.start(dir.resolve("w.sock"), handler)) {
            String line = new String(UTF32_GARBAGE, StandardCharsets.ISO_8859_1) + "\n";
            try (var channel = RawClient.connect(server.socket())) {
                channel.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.ISO_8859_1)));
                String answer = RawClient.readToEnd(channel);
                ControlResponse response = codec.decodeResponse(answer.getBytes(StandardCharsets.UTF_8),
                        answer.length() - 1);
                assertThat(response.ok()).isFalse();
                assertThat(response.error()).startsWith("malformed request: ");
            }
        }
    }
}
