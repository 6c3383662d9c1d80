package dev.warden.examples;

import dev.warden.core.config.ConfigIssue;
import dev.warden.core.config.ConfigLoader;
import dev.warden.core.config.ConfigResult;
import dev.warden.core.config.WardenConfig;
import dev.warden.core.plugin.PluginCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Loads and validates every shipped example with the built-in plugins: no issue at all is allowed. */
class ExamplesTest {

    private static final Path DIR = Path.of("").toAbsolutePath();

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> s = Files.walk(DIR)) {
            List<Path> all = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !p.startsWith(DIR.resolve("target")) && !p.startsWith(DIR.resolve("src")))
                    .filter(p -> !p.getFileName().toString().startsWith(".test-"))
                    .sorted().collect(Collectors.toList());
            return all.stream();
        }
    }

    @Test
    void thereAreExamples() throws IOException {
        assertThat(examples().map(p -> p.getFileName().toString()))
                .contains("demo.yaml", "seed-equivalent.yaml");
    }

    @ParameterizedTest
    @MethodSource("examples")
    void loadsWithoutIssues(Path example, @TempDir Path root) throws IOException {
        PluginCatalog catalog = PluginCatalog.discover(getClass().getClassLoader());
        assertThat(catalog.problems()).isEmpty();
        Path copy = rootedCopy(example, root);
        ConfigResult<WardenConfig> r = ConfigLoader.load(copy, catalog);
        // The one issue that depends on the build host, not on the example: an OpenBSD example's
        // /sbin/pfctl is missing on Linux (and nft on OpenBSD; journalctl on a host without systemd).
        // validate's warning is right there.
        assertThat(r.issues()).as(example.toString())
                .filteredOn(i -> !i.toString().endsWith(" does not exist on this host: every ban would fail here")
                        && !i.toString().endsWith(" does not exist on this host: the jail would read nothing"))
                .isEmpty();
        assertThat(r.value()).isPresent();
        assertThat(r.value().get().jails()).isNotEmpty();
    }

    /**
     * Examples name real system paths (/var/log/maillog, /etc/mail/ignore.txt) that a build machine
     * lacks: the copy puts them below {@code root} and creates them there, so nothing else is relaxed.
     * Relative paths keep pointing into this module.
     */
    private static Path rootedCopy(Path example, Path root) throws IOException {
        String text = Files.readString(example);
        Matcher m = SYSTEM_PATH.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Path target = root.resolve(m.group(1).substring(1));
            if (!m.group(1).endsWith("/")) {
                Files.createDirectories(target.getParent());
                if (!Files.exists(target)) {
                    Files.writeString(target, m.group(1).contains("ignore") ? "# empty\n" : "");
                }
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(target.toString()));
        }
        m.appendTail(sb);
        Path copy = example.resolveSibling(".test-" + example.getFileName());
        Files.writeString(copy, sb.toString());
        copy.toFile().deleteOnExit();
        return copy;
    }

    private static final Pattern SYSTEM_PATH = Pattern.compile("(/(?:var|etc)/[A-Za-z0-9._/-]+)");
}
