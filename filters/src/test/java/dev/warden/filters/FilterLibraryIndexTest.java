package dev.warden.filters;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release jar's reader takes the library's file names from {@code warden-filters/index} instead of
 * listing the jar: a definition missing from the index would not ship.
 */
class FilterLibraryIndexTest {

    @Test
    void theIndexListsEveryDefinitionOfTheFolderAndNothingElse() throws IOException, URISyntaxException {
        Path folder = Path.of(FilterLibraryIndexTest.class.getResource("/warden-filters/index").toURI()).getParent();
        List<String> listed = Files.readAllLines(folder.resolve("index")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).sorted().toList();
        List<String> present;
        try (Stream<Path> files = Files.list(folder)) {
            present = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
        assertThat(present).hasSizeGreaterThanOrEqualTo(12);
        assertThat(listed).as("warden-filters/index").isEqualTo(present);
    }
}
