package dev.warden.filters;

import dev.warden.core.plugin.PluginCatalog;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.testkit.AnnotatedSampleLog;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every built-in filter, the named filters of the library ({@code warden-filters/NAME.yaml}) included, ships at
 * least one annotated sample log, {@code warden-samples/ID.log} or
 * {@code warden-samples/ID-VARIANT.log}, and every line of each does what its {@code # expect:} comment
 * says. A sample's options come from a header line {@code # options: {mode: aggressive}} (a YAML flow
 * mapping); without one the filter's defaults apply. A built-in filter without a sample fails the build.
 * Each sample is checked with the test kit's one-liner, exactly as a plugin author checks theirs.
 */
class BuiltinSampleLogsTest {

    /** The built-in filters as discovery finds them: the Java ones, then the named filters of the library. */
    static List<FilterFactory> builtins() {
        PluginCatalog catalog = PluginCatalog.discover(BuiltinSampleLogsTest.class.getClassLoader());
        assertThat(catalog.problems()).as("problems discovering the built-in filters and the library").isEmpty();
        return catalog.filters();
    }

    static Path samplesDir() throws URISyntaxException {
        return Path.of(BuiltinSampleLogsTest.class.getResource("/warden-samples").toURI());
    }

    static List<Path> samplesOf(String id) throws IOException, URISyntaxException {
        try (Stream<Path> s = Files.list(samplesDir())) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.equals(id + ".log") || n.startsWith(id + "-") && n.endsWith(".log");
            }).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void everyBuiltinFilterHasASampleLog() throws Exception {
        List<FilterFactory> factories = builtins();
        assertThat(factories).extracting(FilterFactory::id).contains("opensmtpd", "sshd", "regex", "postfix",
                "dovecot", "nginx-http-auth", "nginx-limit-req", "apache-auth", "courier-auth", "exim",
                "sendmail-auth", "proftpd", "vsftpd", "pure-ftpd", "mysqld-auth");
        for (FilterFactory f : factories) {
            assertThat(samplesOf(f.id())).as("annotated sample log of built-in filter '%s' in warden-samples/", f.id())
                    .isNotEmpty();
        }
    }

    @TestFactory
    Stream<DynamicTest> everySampleMatchesItsAnnotations() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (FilterFactory f : builtins()) {
            for (Path sample : samplesOf(f.id())) {
                String resource = "warden-samples/" + sample.getFileName();
                tests.add(DynamicTest.dynamicTest(resource, () -> AnnotatedSampleLog.assertMatches(f, resource)));
            }
        }
        assertThat(tests).isNotEmpty();
        return tests.stream();
    }
}
