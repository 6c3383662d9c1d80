package dev.warden.core.plugin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodeResourcesTest {

    private static Path jar(Path dir, Map<String, String> files) throws IOException {
        Path jar = dir.resolve("code.jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                out.putNextEntry(new JarEntry(f.getKey()));
                out.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static Map<String, String> text(Map<String, byte[]> read) {
        Map<String, String> out = new LinkedHashMap<>();
        read.forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void withoutAnIndexEveryAcceptedFileOfTheFolderIsRead(@TempDir Path dir) throws IOException {
        Path jar = jar(dir, Map.of("f/b.yaml", "B", "f/a.yaml", "A", "f/c.txt", "C", "f/sub/d.yaml", "D",
                "g/e.yaml", "E"));
        assertThat(text(CodeResources.read(jar, "f", n -> n.endsWith(".yaml"))))
                .containsExactly(Map.entry("a.yaml", "A"), Map.entry("b.yaml", "B"));
    }

    @Test
    void anIndexNamesTheFilesReadAndNoOthers(@TempDir Path dir) throws IOException {
        Path jar = jar(dir, Map.of("f/b.yaml", "B", "f/a.yaml", "A", "f/c.txt", "C",
                "f/index", "# listed\n\nb.yaml\n c.txt \n"));
        assertThat(text(CodeResources.read(jar, "f", n -> n.endsWith(".yaml"))))
                .containsExactly(Map.entry("b.yaml", "B"));
        assertThat(text(CodeResources.read(jar, "f", n -> true)))
                .containsExactly(Map.entry("b.yaml", "B"), Map.entry("c.txt", "C"));
    }

    @Test
    void anIndexThatListsAMissingFileIsAnError(@TempDir Path dir) throws IOException {
        Path jar = jar(dir, Map.of("f/a.yaml", "A", "f/index", "a.yaml\ngone.yaml\n"));
        assertThatThrownBy(() -> CodeResources.read(jar, "f", n -> true)).isInstanceOf(IOException.class)
                .hasMessage("f/index lists gone.yaml, which is not in the jar");
    }

    @Test
    void aClassDirectoryIsListedWhateverItsIndexSays(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("f"));
        Files.writeString(dir.resolve("f/a.yaml"), "A");
        Files.writeString(dir.resolve("f/b.yaml"), "B");
        Files.writeString(dir.resolve("f/index"), "a.yaml\n");
        assertThat(text(CodeResources.read(dir, "f", n -> n.endsWith(".yaml"))))
                .containsExactly(Map.entry("a.yaml", "A"), Map.entry("b.yaml", "B"));
    }
}
