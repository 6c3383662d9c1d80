package dev.warden.filters.opensmtpd;

import dev.warden.core.testkit.AnnotatedSampleLog;
import dev.warden.core.testkit.FilterRunner;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped sample logs are the filter's specification: every line must yield what its comment says
 * (the test kit's check), and every failure must be of the kind its {@code # kind:} comment names. A
 * {@code # kind: K} line applies to the next log line; without one a failure must be {@code auth}.
 */
class OpenSmtpdSampleLogTest {

    private static final String KIND = "# kind:";

    @TestFactory
    Stream<DynamicTest> everyLineYieldsWhatItsAnnotationsSay() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path sample : samples()) {
            String resource = "warden-samples/" + sample.getFileName();
            tests.add(DynamicTest.dynamicTest(resource, () -> {
                AnnotatedSampleLog.assertMatches(new OpenSmtpdFilterFactory(), resource);
                assertKinds(sample);
            }));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(4);
        return tests.stream();
    }

    private static void assertKinds(Path sample) throws Exception {
        List<String> lines = Files.readAllLines(sample, StandardCharsets.UTF_8);
        Map<Long, String> expected = new HashMap<>();
        String pending = null;
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            if (text.startsWith(KIND)) {
                pending = text.substring(KIND.length()).trim();
                assertThat(Kind.byId(pending)).as("%s:%d: a kind", sample.getFileName(), i + 1).isPresent();
            } else if (!text.startsWith("#") && !text.isBlank()) {
                expected.put(i + 1L, pending == null ? "auth" : pending);
                pending = null;
            }
        }
        Map<String, Object> options = AnnotatedSampleLog.headerOptions(sample);
        for (FilterRunner.Detection d : FilterRunner.run(new OpenSmtpdFilterFactory(), options, sample)) {
            assertThat(d.kind()).as("%s:%d", sample.getFileName(), d.line()).isEqualTo(expected.get(d.line()));
        }
    }

    static List<Path> samples() throws URISyntaxException, java.io.IOException {
        Path dir = Path.of(OpenSmtpdSampleLogTest.class.getResource("/warden-samples").toURI());
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("opensmtpd(-.+)?\\.log")).sorted().toList();
        }
    }
}
