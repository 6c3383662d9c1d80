package dev.warden.filters.regex;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot path stays cheap for the library's filters: every fail pattern of every {@code regex} definition in
 * {@code warden-filters/} keeps a required literal of at least {@link RequiredLiteral#MIN_SEARCH} bytes (a
 * prefix or a text searched anywhere), so a line without it never reaches re2j.
 */
class LibraryLiteralsTest {

    @Test
    void everyLibraryFailPatternHasARequiredLiteral() throws Exception {
        List<String> weak = new ArrayList<>();
        int patterns = 0;
        for (Path file : definitions()) {
            Map<?, ?> doc = new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), Map.class);
            if (!"regex".equals(doc.get("type"))) {
                continue;
            }
            Map<?, ?> options = (Map<?, ?>) doc.get("options");
            Map<String, String> raw = new LinkedHashMap<>();
            if (options.get("pieces") instanceof Map<?, ?> m) {
                m.forEach((k, v) -> raw.put(String.valueOf(k), String.valueOf(v)));
            }
            Pieces pieces = Pieces.of(raw);
            boolean anchor = !Boolean.FALSE.equals(options.get("anchor"));
            String prefix = options.get("prefix") == null ? null
                    : pieces.expand(String.valueOf(options.get("prefix")), "prefix");
            for (Object o : (List<?>) options.get("fail")) {
                String written = String.valueOf(o);
                FailPattern p = PatternCompiler.fail(written, pieces.expand(Pieces.withoutKind(written), "fail"),
                        "fail", anchor, prefix);
                patterns++;
                RequiredLiteral lit = p.literal();
                if (lit.prefix().length < RequiredLiteral.MIN_SEARCH && lit.anywhere().length < RequiredLiteral.MIN_SEARCH) {
                    weak.add(file.getFileName() + ": " + written + " -> " + lit);
                }
            }
        }
        assertThat(patterns).isGreaterThanOrEqualTo(12);
        assertThat(weak).as("fail patterns without a required literal").isEmpty();
    }

    private static List<Path> definitions() throws URISyntaxException, IOException {
        Path dir = Path.of(LibraryLiteralsTest.class.getResource("/warden-filters").toURI());
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
