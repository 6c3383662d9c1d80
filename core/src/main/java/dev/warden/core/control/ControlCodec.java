package dev.warden.core.control;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The control protocol's wire format: one JSON object per line, UTF-8, {@code \n}-terminated. Requests
 * are {@code {"command":"...","args":{"name":"value"}}}; responses are {@code {"ok":true,"body":...}}
 * or {@code {"ok":false,"error":"..."}}. Encoded lines never contain a raw line break (JSON escapes
 * one inside a string).
 *
 * <p>Decoding is strict: one object, nothing after it, no duplicate keys, arguments are strings. A
 * problem is an {@link IllegalArgumentException} whose message is one line for an operator.
 *
 * <p><b>Threading.</b> Thread-safe: the mapper is configured in the constructor and only read after.
 * Each server and client owns its own instance.
 */
final class ControlCodec {

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The request as one line, with its {@code \n}. */
    byte[] encode(ControlRequest request) {
        ObjectNode root = mapper.createObjectNode();
        root.put("command", request.command());
        ObjectNode args = root.putObject("args");
        request.args().forEach(args::put);
        return line(root);
    }

    /** The response as one line, with its {@code \n}. */
    byte[] encode(ControlResponse response) {
        ObjectNode root = mapper.createObjectNode();
        root.put("ok", response.ok());
        if (response.ok()) {
            root.set("body", response.body());
        } else {
            root.put("error", response.error());
        }
        return line(root);
    }

    /**
     * Decodes a request line (without its {@code \n}).
     *
     * @throws IllegalArgumentException if it is not a well-formed request; the message says why
     */
    ControlRequest decodeRequest(byte[] line, int length) {
        JsonNode root = parse(line, length, "request");
        JsonNode command = root.get("command");
        if (command == null || !command.isTextual() || command.asText().isBlank()) {
            throw new IllegalArgumentException("malformed request: \"command\" must be a non-empty string");
        }
        return new ControlRequest(command.asText(), args(root.get("args")));
    }

    /**
     * Decodes a response line (without its {@code \n}).
     *
     * @throws IllegalArgumentException if it is not a well-formed response; the message says why
     */
    ControlResponse decodeResponse(byte[] line, int length) {
        JsonNode root = parse(line, length, "response");
        JsonNode ok = root.get("ok");
        if (ok == null || !ok.isBoolean()) {
            throw new IllegalArgumentException("malformed response: \"ok\" must be true or false");
        }
        if (ok.booleanValue()) {
            JsonNode body = root.get("body");
            return ControlResponse.ok(body == null ? NullNode.getInstance() : body);
        }
        JsonNode error = root.get("error");
        if (error == null || !error.isTextual() || error.asText().isBlank()) {
            throw new IllegalArgumentException("malformed response: a failure needs an \"error\" string");
        }
        return ControlResponse.error(error.asText());
    }

    /**
     * Decodes the bytes as UTF-8 before Jackson sees them: given bytes, Jackson guesses UTF-16 or UTF-32
     * from leading NULs, accepting a request in another encoding or throwing an I/O exception.
     */
    private JsonNode parse(byte[] line, int length, String what) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(line, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("malformed " + what + ": not UTF-8", e);
        }
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("malformed " + what + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("malformed " + what + ": empty line");
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("malformed " + what + ": not a JSON object");
        }
        return root;
    }

    private static Map<String, String> args(JsonNode args) {
        if (args == null || args.isNull()) {
            return Map.of();
        }
        if (!args.isObject()) {
            throw new IllegalArgumentException("malformed request: \"args\" must be an object");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = args.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException("malformed request: argument \"" + e.getKey()
                        + "\" must be a string");
            }
            result.put(e.getKey(), e.getValue().asText());
        }
        return result;
    }

    private byte[] line(ObjectNode root) {
        try {
            byte[] json = mapper.writeValueAsBytes(root);
            byte[] line = new byte[json.length + 1];
            System.arraycopy(json, 0, line, 0, json.length);
            line[json.length] = '\n';
            return line;
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot encode " + root.getNodeType(), e);
        }
    }
}
