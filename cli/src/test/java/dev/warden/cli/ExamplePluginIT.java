package dev.warden.cli;

import dev.warden.core.plugin.TestPluginJar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example plugin of docs/plugins.md (examples/dovecot-filter), built from its sources as its own jar,
 * dropped into a plugin folder and used by the real program exactly as an operator would.
 */
class ExamplePluginIT {

    private static final Path EXAMPLE = WardenProcess.root().resolve("examples/dovecot-filter");

    /** Compiles the example's classes against core and packages them with its resources and manifest. */
    static Path buildExampleJar(Path dir) throws IOException {
        TestPluginJar jar = new TestPluginJar().version("1.0.0");
        Path sources = EXAMPLE.resolve("src/main/java");
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String name = sources.relativize(f).toString().replace('/', '.').replaceAll("\\.java$", "");
                jar.source(name, Files.readString(f));
            }
        }
        Path resources = EXAMPLE.resolve("src/main/resources");
        try (Stream<Path> files = Files.walk(resources)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                jar.resource(resources.relativize(f).toString(), Files.readString(f));
            }
        }
        Files.createDirectories(dir);
        return jar.write(dir.resolve("warden-dovecot-filter-1.0.0.jar"));
    }

    /** The addresses the sample log's annotations promise, in file order. */
    private static List<String> promised(Path sample) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(sample)) {
            if (line.startsWith("# expect: fail ")) {
                out.add(line.substring("# expect: fail ".length()).split(" ")[0]);
            }
        }
        return out;
    }

    @Test
    void theExamplePluginFiltersAndBansThroughPfLikeABuiltIn(@TempDir Path dir) throws Exception {
        Path plugins = dir.resolve("plugins");
        buildExampleJar(plugins);
        Path sample = EXAMPLE.resolve("src/main/resources/warden-samples/dovecot.log");
        Path log = Files.copy(sample, dir.resolve("maillog"));
        List<String> addresses = promised(sample);
        assertThat(addresses).hasSizeGreaterThan(10);

        WardenProcess.Result listed = WardenProcess.run(dir, "plugins", "--plugin-dir", plugins.toString());
        assertThat(listed.exitCode()).as(listed.stderr()).isZero();
        assertThat(listed.stdoutLines()).anySatisfy(l -> assertThat(l.split("\\s+")).startsWith("filter", "dovecot",
                plugins.resolve("warden-dovecot-filter-1.0.0.jar").toString(), "1.0.0"));

        WardenProcess.Result tsv = WardenProcess.run(dir, "test-filter", "dovecot", log.toString(), "--tsv",
                "--plugin-dir", plugins.toString());
        assertThat(tsv.exitCode()).as(tsv.stderr()).isZero();
        List<String> found = tsv.stdoutLines().stream().map(l -> l.split("\t")).filter(f -> f.length > 1)
                .map(f -> Arrays.stream(f).filter(x -> addresses.contains(x)).findFirst().orElse("?")).toList();
        assertThat(found).containsExactlyElementsOf(addresses);

        Path pfctl = WardenProcess.fakePfctl(dir);
        Path cfg = dir.resolve("warden.yaml");
        Files.writeString(cfg, Files.readString(EXAMPLE.resolve("warden.yaml"))
                .replace("/usr/local/lib/warden/plugins", plugins.toString())
                .replace("/var/log/maillog", log.toString())
                .replace("max-retry: 5", "max-retry: 1")
                .replace("table: bot", "table: bot\n        pfctl: " + pfctl)
                + "state-dir: " + dir.resolve("state") + "\n");
        WardenProcess.Result scan = WardenProcess.run(dir, "scan", "-c", cfg.toString(), "--now",
                "2026-11-07T12:00:00Z");
        assertThat(scan.exitCode()).as(scan.stderr()).isZero();
        assertThat(scan.stdoutLines()).hasSize(addresses.size());
        assertThat(WardenProcess.pfctlCalls(dir)).containsExactly("-t bot -T add " + String.join(" ", addresses));
    }
}
