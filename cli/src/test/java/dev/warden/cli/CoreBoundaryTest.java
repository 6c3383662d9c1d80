package dev.warden.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line uses core only through {@code core.spi}, {@code core.config} and the facade {@code core.api}
 * (issue 11): a source file of cli that names another core package (engine, daemon, state, log, control, net,
 * plugin, exec, or one added later), by import or fully qualified, fails the build.
 */
class CoreBoundaryTest {

    /** Core's packages cli may use. */
    private static final Set<String> PUBLIC = Set.of("spi", "config", "api");

    /** Any mention of a core package: {@code dev.warden.core.PACKAGE.}. */
    private static final Pattern CORE_PACKAGE = Pattern.compile("\\bdev\\.warden\\.core\\.([a-z][a-z0-9_]*)\\.");

    @Test
    void cliUsesOnlyCoresPublicPackages() throws IOException {
        Path sources = WardenProcess.root().resolve("cli/src/main/java");
        assertThat(sources).as("cli's sources, from the module folder").isDirectory();
        List<String> offences = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                internalUses(file).forEach(use -> offences.add(sources.relativize(file) + ":" + use));
            }
        }
        assertThat(offences).as("cli must reach core through spi, config or api only").isEmpty();
    }

    /** {@code LINE: TEXT} for each line of {@code file} that names a core package other than the public ones. */
    private static List<String> internalUses(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = CORE_PACKAGE.matcher(lines.get(i));
            while (m.find()) {
                if (!PUBLIC.contains(m.group(1))) {
                    out.add((i + 1) + ": " + lines.get(i).strip());
                    break;
                }
            }
        }
        return out;
    }
}
