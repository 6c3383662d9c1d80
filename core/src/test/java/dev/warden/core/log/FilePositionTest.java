package dev.warden.core.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilePositionTest {

    @TempDir
    Path dir;

    @Test
    void textFormRoundTripsIncludingAwkwardPaths() {
        FilePosition p = new FilePosition(Path.of("/var/log/my mail\\log\nx"), new FileIdentity(2049, 1234567),
                98765, 0xfedcba9876543210L, 256);
        String text = p.toText();
        assertThat(text).doesNotContain("\n").startsWith("2049:1234567 98765 fedcba9876543210/256 ");
        assertThat(FilePosition.parse(text)).isEqualTo(p);
        FilePosition unknown = new FilePosition(Path.of("a"), FileIdentity.UNKNOWN, 0, 0, 0);
        assertThat(FilePosition.parse(unknown.toText())).isEqualTo(unknown);
    }

    @Test
    void malformedTextIsRejected() {
        assertThatThrownBy(() -> FilePosition.parse("1:2 3 zz/4 /x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FilePosition.parse("1:2 3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileIdentity.parse("12")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void identityFollowsTheFileNotThePath() throws Exception {
        Path log = Files.writeString(dir.resolve("maillog"), "a\n");
        FileIdentity before = FileIdentity.of(log);
        assertThat(before.known()).isTrue();
        Files.move(log, dir.resolve("maillog.0"));
        Files.writeString(log, "b\n");
        assertThat(FileIdentity.of(dir.resolve("maillog.0"))).isEqualTo(before);
        assertThat(FileIdentity.of(log)).isNotEqualTo(before);
    }

    @Test
    void fileKeyFallbackParsesUnixKeys() {
        assertThat(FileIdentity.fromFileKey("(dev=801,ino=42)")).isEqualTo(new FileIdentity(0x801, 42));
        assertThat(FileIdentity.fromFileKey(null)).isEqualTo(FileIdentity.UNKNOWN);
        assertThat(FileIdentity.fromFileKey("volume-7/file-9").device()).isEqualTo(-1);
    }
}
