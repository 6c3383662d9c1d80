package dev.warden.core.control;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
 * <p>Trees are read and written with Jackson's streaming parser and generator, not an {@code ObjectMapper}:
 * building a mapper loads some 300 classes (serializers, type factory, date formats and the locale data
 * behind them), about 5 MB of a daemon that otherwise idles at 55 (docs/performance.md, "Footprint"), for
 * what is a walk over a tree of objects, arrays, strings, numbers and booleans.
 *
 * <p><b>Threading.</b> Thread-safe: the factory is configured in the constructor and only read after.
 * Each server and client owns its own instance.
 */
final class ControlCodec {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonFactory factory = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** The request as one line, with its {@code \n}. */
    byte[] encode(ControlRequest request) {
        ObjectNode root = NODES.objectNode();
        root.put("command", request.command());
        ObjectNode args = root.putObject("args");
        request.args().forEach(args::put);
        return line(root);
    }

    /** The response as one line, with its {@code \n}. */
    byte[] encode(ControlResponse response) {
        ObjectNode root = NODES.objectNode();
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
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IllegalArgumentException("malformed " + what + ": empty line");
            }
            root = read(parser, first);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("malformed " + what + ": more than one JSON value on the line");
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException("malformed " + what + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed " + what + ": " + e.getMessage(), e);
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("malformed " + what + ": not a JSON object");
        }
        return root;
    }

    /**
     * The value that starts with {@code token}, as a tree: the nodes {@code ObjectMapper.readTree} makes
     * (int, long or big integer; double for a fraction). Nesting is bounded by the parser's
     * {@code StreamReadConstraints} (a few hundred levels), so the recursion is too.
     */
    private static JsonNode read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    o.set(name, read(parser, parser.nextToken()));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    a.add(read(parser, t));
                }
                return a;
            }
            case VALUE_STRING -> {
                return NODES.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(parser.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new IOException("unexpected " + token);
        }
    }

    /** Writes the tree as {@code ObjectMapper.writeValue} does: every member, compact, UTF-8. */
    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) {
                    write(g, element);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT -> g.writeNumber(node.intValue());
                    case LONG -> g.writeNumber(node.longValue());
                    case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
                    case FLOAT -> g.writeNumber(node.floatValue());
                    case DOUBLE -> g.writeNumber(node.doubleValue());
                    default -> g.writeNumber(node.decimalValue());
                }
            }
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL, MISSING -> g.writeNull();
            default -> throw new IOException("cannot write a " + node.getNodeType() + " node");
        }
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
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = factory.createGenerator(out)) {
            write(g, root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + root.getNodeType() + ": " + e.getMessage(), e);
        }
        out.write('\n');
        return out.toByteArray();
    }
}
