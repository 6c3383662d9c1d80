package dev.warden.core.config;

import dev.warden.core.net.Cidr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IgnoreFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsAddressesRangesCommentsAndBlankLines() throws IOException {
        Path file = dir.resolve("ignore.txt");
        Files.writeString(file, """
                # trusted relays
                192.0.2.1
                  198.51.100.0/24   # office

                2001:db8::/32\t
                #10.0.0.1
                ::1#no space before the comment
                """);
        ConfigResult<List<Cidr>> result = IgnoreFiles.read(file);
        assertThat(result.issues()).isEmpty();
        assertThat(result.value().orElseThrow()).extracting(Cidr::toString)
                .containsExactly("192.0.2.1/32", "198.51.100.0/24", "2001:db8::/32", "::1/128");
    }

    @Test
    void reportsEveryBadLineWithItsNumberAndKeepsTheGoodOnes() throws IOException {
        Path file = dir.resolve("ignore.txt");
        Files.writeString(file, "192.0.2.1\nmail.example.org\n\n10.0.0.0/33 # too long\n10.0.0.2\n");
        ConfigResult<List<Cidr>> result = IgnoreFiles.read(file);
        assertThat(result.value().orElseThrow()).extracting(Cidr::toString)
                .containsExactly("192.0.2.1/32", "10.0.0.2/32");
        assertThat(result.issues()).containsExactly(
                ConfigIssue.error(file.toString(), 2, "", "not an address or CIDR range: \"mail.example.org\""),
                ConfigIssue.error(file.toString(), 4, "", "not an address or CIDR range: \"10.0.0.0/33\""));
        assertThat(result.issues().get(0).toString())
                .isEqualTo(file + ":2: not an address or CIDR range: \"mail.example.org\"");
    }

    @Test
    void emptyFileIsAnEmptyList() throws IOException {
        Path file = dir.resolve("empty.txt");
        Files.writeString(file, "");
        assertThat(IgnoreFiles.read(file).value().orElseThrow()).isEmpty();
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedUnread() throws IOException {
        Path big = dir.resolve("big.txt");
        try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(big,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            c.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}), IgnoreFiles.MAX_BYTES); // sparse
        }
        assertThatThrownBy(() -> IgnoreFiles.read(big)).isInstanceOf(IOException.class)
                .hasMessageContaining("larger than 32 MiB");
    }

    @Test
    void missingFileThrows() {
        assertThatThrownBy(() -> IgnoreFiles.read(dir.resolve("nope.txt"))).isInstanceOf(NoSuchFileException.class);
    }
}
