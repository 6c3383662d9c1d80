package dev.warden.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link YamlNode} tree from YAML text with Jackson's streaming parser, keeping the line of
 * every key and value. A syntax error becomes an issue at its line; a repeated key becomes an issue at
 * the repetition (the first value is kept). Aliases ({@code *name}) of anchored lists and maps stand for
 * the anchored node, with its lines; Jackson does not expose anchors on scalars, so aliases of those are
 * reported as unknown rather than silently read as text. Merge keys ({@code <<}) are not supported and
 * show up as an unknown key. Only the first document of a stream is read (later ones get a warning).
 * One reader per document.
 */
final class YamlTreeReader {

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final Issues issues;
    private final Map<String, YamlNode> anchors = new HashMap<>();

    YamlTreeReader(Issues issues) {
        this.issues = issues;
    }

    /** The document's root value; empty when the text is empty (only comments) or not valid YAML. */
    Optional<YamlNode> read(String text) {
        try (YAMLParser parser = FACTORY.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return Optional.empty();
            }
            YamlNode root = node(parser, token, "");
            if (parser.nextToken() != null) {
                issues.warning(line(parser), "", "only the first YAML document is read; the rest is ignored");
            }
            return Optional.of(root);
        } catch (JsonProcessingException e) {
            issues.error(problemLine(e), "", "invalid YAML: " + explain(e));
            return Optional.empty();
        } catch (IOException e) {
            issues.error(0, "", "cannot parse: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The line of the problem itself (a tab on line 3), which SnakeYAML marks apart from the line of the
     * construct it was reading (the mapping begun on line 2, where Jackson's location points).
     */
    private static int problemLine(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                return m.getProblemMark().getLine() + 1;
            }
        }
        JsonLocation where = e.getLocation();
        return where == null ? 0 : Math.max(0, where.getLineNr());
    }

    /** SnakeYAML's multi-line message as one line: "while parsing X (line N): expected Y, but found Z". */
    private static String explain(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m && m.getProblem() != null && m.getProblem().contains("\\t(TAB)")) {
                return "a tab character where YAML allows only spaces (indent with spaces)";
            }
            if (t instanceof MarkedYAMLException m && m.getProblem() != null) {
                if (m.getContext() == null) {
                    return m.getProblem();
                }
                String at = m.getContextMark() == null ? "" : " (line " + (m.getContextMark().getLine() + 1) + ")";
                return m.getContext() + at + ": " + m.getProblem();
            }
        }
        return e.getOriginalMessage().strip().lines().findFirst().orElse("syntax error");
    }

    /** The node for the current token, with YAML anchors remembered and aliases ({@code *name}) resolved. */
    private YamlNode node(YAMLParser p, JsonToken token, String path) throws IOException {
        if (p.isCurrentAlias()) {
            YamlNode target = anchors.get(p.getText());
            if (target == null) {
                issues.error(line(p), path, "unknown alias *" + p.getText()
                        + " (only anchors on lists and maps are supported)");
                return new YamlNode.Scalar(null, "", line(p));
            }
            return target;
        }
        String anchor = p.getObjectId();
        YamlNode node = build(p, token, path);
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    private YamlNode build(YAMLParser p, JsonToken token, String path) throws IOException {
        int line = line(p);
        switch (token) {
            case START_OBJECT:
                return mapping(p, line, path);
            case START_ARRAY:
                List<YamlNode> items = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    items.add(node(p, t, path + "[" + items.size() + "]"));
                }
                return new YamlNode.Sequence(items, line);
            case VALUE_NUMBER_INT:
                return new YamlNode.Scalar(p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? p.getText() : (Object) p.getLongValue(), p.getText(), line);
            case VALUE_NUMBER_FLOAT:
                return new YamlNode.Scalar(p.getDoubleValue(), p.getText(), line);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new YamlNode.Scalar(token == JsonToken.VALUE_TRUE, p.getText(), line);
            case VALUE_NULL:
                return new YamlNode.Scalar(null, "", line);
            default:
                return new YamlNode.Scalar(p.getText(), p.getText(), line);
        }
    }

    private YamlNode mapping(YAMLParser p, int line, String path) throws IOException {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String key = p.currentName();
            int keyLine = line(p);
            String keyPath = path.isEmpty() ? key : path + "." + key;
            YamlNode value = node(p, p.nextToken(), keyPath);
            YamlNode.Entry first = entries.putIfAbsent(key, new YamlNode.Entry(key, keyLine, value));
            if (first != null) {
                issues.error(keyLine, keyPath, "duplicate key (first defined on line " + first.keyLine() + ")");
            }
        }
        return new YamlNode.Mapping(entries, line);
    }

    private static int line(YAMLParser p) {
        return Math.max(0, p.currentTokenLocation().getLineNr());
    }
}
