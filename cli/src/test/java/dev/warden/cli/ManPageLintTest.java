package dev.warden.cli;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code mandoc -Tlint -W warning} finds nothing to say about the manual pages: no error and no warning
 * (style suggestions, such as a referenced page not installed on this machine, are below that level). mandoc
 * is not part of the JDK: without it the test is skipped, saying so, except in CI ({@code CI=true}), where
 * .ci/run installs it and its absence is a failure.
 */
class ManPageLintTest {

    private static final List<String> PAGES = List.of("warden.8", "warden.yaml.5");

    private static Optional<Path> mandoc() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : (path + File.pathSeparator + "/usr/bin" + File.pathSeparator + "/usr/local/bin")
                .split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "mandoc"))) {
                return Optional.of(Path.of(dir, "mandoc"));
            }
        }
        return Optional.empty();
    }

    @Test
    void mandocLintFindsNoWarningInTheManualPages() throws Exception {
        Optional<Path> mandoc = mandoc();
        if (mandoc.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("mandoc is not installed, but .ci/run installs it: the pages go unchecked");
        }
        assumeTrue(mandoc.isPresent(), "mandoc is not installed (apt-get install mandoc; OpenBSD has it in base):"
                + " docs/man is not linted here");
        Path dir = ManPageTest.manDir();
        for (String page : PAGES) {
            Path out = Files.createTempFile("mandoc", ".txt");
            try {
                Process p = new ProcessBuilder(mandoc.get().toString(), "-Tlint", "-W", "warning", page)
                        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("mandoc finished").isTrue();
                String said = Files.readString(out, StandardCharsets.UTF_8);
                assertThat(said).as("mandoc -Tlint -W warning " + page).isEmpty();
                assertThat(p.exitValue()).as("exit status of mandoc -Tlint -W warning " + page).isZero();
            } finally {
                Files.deleteIfExists(out);
            }
        }
    }
}
