package dev.warden.core.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dependency between {@code core.config} (the YAML model, public) and {@code core.net} (address types)
 * points one way: config uses net's values, net never refers to config. Read from the sources of
 * {@code core.net}: an import, a static import or a qualified name in code all count; comments do not.
 */
class NetDoesNotImportConfigTest {

    /** Surefire runs the tests with {@code basedir} (and the working directory) set to the module. */
    private static final Path NET_SOURCES = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .resolve("src/main/java/dev/warden/core/net");

    private static final Pattern CONFIG = Pattern.compile("\\bdev\\.warden\\.core\\.config\\b");

    @TempDir
    Path tmp;

    @Test
    void noClassOfCoreNetRefersToCoreConfig() throws IOException {
        assertThat(javaFiles(NET_SOURCES)).as("sources of core.net read").extracting(p -> p.getFileName().toString())
                .contains("Cidr.java", "IgnoreList.java");
        assertThat(configReferences(NET_SOURCES)).as("core.net must not depend on core.config").isEmpty();
    }

    @Test
    void theCheckFindsImportsStaticImportsAndQualifiedNamesButNotComments() throws IOException {
        Files.writeString(tmp.resolve("Bad.java"), """
                package dev.warden.core.net;

                import dev.warden.core.config.ConfigIssue;
                import static dev.warden.core.config.Durations.parse;
                import dev.warden.core.config.*;
                // dev.warden.core.config is fine in a comment
                /** So is {@link dev.warden.core.config.ConfigIssue} in Javadoc,
                 * dev.warden.core.config.ConfigIssue */
                final class Bad {
                    Object issue = dev.warden.core.config.ConfigIssue.class;
                    String configuration = "dev.warden.core.configuration is another package";
                }
                """);
        assertThat(configReferences(tmp)).containsExactly(
                "Bad.java:3: import dev.warden.core.config.ConfigIssue;",
                "Bad.java:4: import static dev.warden.core.config.Durations.parse;",
                "Bad.java:5: import dev.warden.core.config.*;",
                "Bad.java:10: Object issue = dev.warden.core.config.ConfigIssue.class;");
    }

    @Test
    void aMissingOrEmptySourceFolderFailsRatherThanPassing() {
        assertThatThrownBy(() -> javaFiles(tmp.resolve("nowhere"))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("nowhere");
        assertThatThrownBy(() -> javaFiles(tmp)).isInstanceOf(AssertionError.class).hasMessageContaining("no .java");
    }

    /** The {@code .java} files in {@code dir} and below; fails when it is missing or has none. */
    private static List<Path> javaFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new AssertionError("source folder " + dir + " is missing (basedir=" + System.getProperty("basedir")
                    + ", user.dir=" + System.getProperty("user.dir") + ")");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> java = files.filter(p -> p.getFileName().toString().endsWith(".java")).sorted().toList();
            if (java.isEmpty()) {
                throw new AssertionError("no .java file in " + dir);
            }
            return java;
        }
    }

    /** {@code FILE:LINE: text} for each line of code (not comment) under {@code dir} naming core.config. */
    private static List<String> configReferences(Path dir) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path source : javaFiles(dir)) {
            List<String> lines = Files.readAllLines(source);
            boolean inComment = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                boolean comment = inComment || line.startsWith("//") || line.startsWith("/*") || line.startsWith("*");
                inComment = (inComment || line.startsWith("/*")) && !line.contains("*/");
                if (!comment && CONFIG.matcher(line).find()) {
                    found.add(dir.relativize(source) + ":" + (i + 1) + ": " + line);
                }
            }
        }
        return found;
    }
}
