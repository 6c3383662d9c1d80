package dev.warden.core.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlCodecTest {

    private final ControlCodec codec = new ControlCodec();

    @Test
    void requestIsOneLineOfTheDocumentedShape() throws Exception {
        byte[] line = codec.encode(new ControlRequest("status", Map.of("jail", "smtpd\nx")));

        String text = new String(line, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        assertThat(text.indexOf('\n')).isEqualTo(text.length() - 1);
        assertThat(new ObjectMapper().readTree(text))
                .isEqualTo(new ObjectMapper().readTree("{\"command\":\"status\",\"args\":{\"jail\":\"smtpd\\nx\"}}"));
    }

    @Test
    void requestRoundTrips() {
        ControlRequest request = new ControlRequest("ban", Map.of("jail", "smtpd", "ip", "192.0.2.7", "é", "ü"));
        byte[] line = codec.encode(request);
        assertThat(codec.decodeRequest(line, line.length - 1)).isEqualTo(request);
    }

    @Test
    void responsesRoundTrip() throws Exception {
        ControlResponse ok = ControlResponse.ok(new ObjectMapper().readTree("{\"bans\":[1,2],\"x\":null}"));
        ControlResponse error = ControlResponse.error("unknown jail: smtp");
        for (ControlResponse response : new ControlResponse[] {ok, error, ControlResponse.ok(null)}) {
            byte[] line = codec.encode(response);
            assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
            assertThat(codec.decodeResponse(line, line.length - 1)).isEqualTo(response);
        }
    }

    /**
     * The codec walks trees with Jackson's streaming API instead of an ObjectMapper (a daemon's memory):
     * the bytes and the trees must be the mapper's, for every kind of node a body can hold.
     */
    @Test
    void treesAreWrittenAndReadAsAnObjectMapperDoes() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("int", 7).put("long", 1L << 40).put("big", new BigInteger("123456789012345678901234567890"))
                .put("double", 0.25).put("float", 1.5f).put("decimal", new BigDecimal("1.10"))
                .put("yes", true).put("no", false).putNull("null")
                .put("text", "smtpd \"quoted\" \\ é \u2028 \u0001 tab\tline\n");
        body.putArray("list").add(1).add("two").addNull().addObject().putArray("empty");
        body.putObject("nested").putObject("deeper").put("x", -0.0);
        byte[] line = codec.encode(ControlResponse.ok(body));

        ObjectNode expected = JsonNodeFactory.instance.objectNode().put("ok", true);
        expected.set("body", body);
        assertThat(new String(line, StandardCharsets.UTF_8))
                .isEqualTo(mapper.writeValueAsString(expected) + "\n");
        String text = new String(line, 0, line.length - 1, StandardCharsets.UTF_8);
        assertThat(codec.decodeResponse(line, line.length - 1).body())
                .isEqualTo(mapper.readTree(text).get("body"));
    }

    @Test
    void deepNestingIsMalformedNotAStackOverflow() {
        String deep = "{\"command\":\"x\",\"args\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThatThrownBy(() -> decodeRequest(deep))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("malformed request");
    }

    @Test
    void requestWithoutArgsHasEmptyArgs() {
        assertThat(decodeRequest("{\"command\":\"reload\"}")).isEqualTo(ControlRequest.of("reload"));
        assertThat(decodeRequest("{\"command\":\"reload\",\"args\":null}")).isEqualTo(ControlRequest.of("reload"));
        assertThat(decodeRequest(" {\"command\":\"reload\",\"args\":{}}\r")).isEqualTo(ControlRequest.of("reload"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "''                                          | empty line",
        "status                                      | malformed request",
        "[\"status\"]                                | not a JSON object",
        "{\"args\":{}}                               | \"command\" must be",
        "{\"command\":\"\"}                          | \"command\" must be",
        "{\"command\":7}                             | \"command\" must be",
        "{\"command\":\"ban\",\"args\":[]}           | \"args\" must be an object",
        "{\"command\":\"ban\",\"args\":{\"n\":3}}    | argument \"n\" must be a string",
        "{\"command\":\"ban\"} {\"command\":\"x\"}   | malformed request",
        "{\"command\":\"ban\",\"command\":\"x\"}     | malformed request",
        "{\"command\":\"ban\"                        | malformed request",
    })
    void malformedRequestsAreRejectedWithAReason(String line, String reason) {
        assertThatThrownBy(() -> decodeRequest(line))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason)
                .hasMessageNotContaining("\n");
    }

    @Test
    void invalidUtf8IsAMalformedRequest() {
        byte[] line = {'{', '"', 'c', 'o', 'm', 'm', 'a', 'n', 'd', '"', ':', '"', (byte) 0xff, '"', '}'};
        assertThatThrownBy(() -> codec.decodeRequest(line, line.length))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("malformed request");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "hello                      | malformed response",
        "{\"ok\":\"yes\"}           | \"ok\" must be true or false",
        "{\"body\":1}               | \"ok\" must be true or false",
        "{\"ok\":false}             | a failure needs an \"error\" string",
        "{\"ok\":false,\"error\":1} | a failure needs an \"error\" string",
        "42                         | not a JSON object",
    })
    void malformedResponsesAreRejectedWithAReason(String line, String reason) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> codec.decodeResponse(bytes, bytes.length))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void decodingHonoursTheLength() {
        byte[] buffer = "{\"command\":\"status\"}garbage".getBytes(StandardCharsets.UTF_8);
        assertThat(codec.decodeRequest(buffer, 20)).isEqualTo(ControlRequest.of("status"));
    }

    private ControlRequest decodeRequest(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return codec.decodeRequest(bytes, bytes.length);
    }
}
