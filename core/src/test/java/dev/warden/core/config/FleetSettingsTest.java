package dev.warden.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FleetSettingsTest {

    @Test
    void theHostNameIsReadFromTheFirstFileThatHasOne(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing");
        Path blank = Files.writeString(dir.resolve("blank"), " \n");
        Path myname = Files.writeString(dir.resolve("myname"), "mx1.example.org\nsecond line\n");
        Path other = Files.writeString(dir.resolve("other"), "other\n");
        assertThat(FleetSettings.hostName(List.of(missing, blank, myname, other))).isEqualTo("mx1.example.org");
        assertThat(FleetSettings.nodeOf(FleetSettings.hostName(List.of(myname)))).isEqualTo("mx1");
    }

    @Test
    void withoutSuchAFileTheResolversNameIsUsed(@TempDir Path dir) throws Exception {
        assertThat(FleetSettings.hostName(List.of(dir.resolve("missing"))))
                .isEqualTo(InetAddress.getLocalHost().getHostName());
    }

    @Test
    void onThisHostTheNodeIsTheSameAsTheResolverWouldGive() throws Exception {
        assertThat(FleetSettings.localNode())
                .isEqualTo(FleetSettings.nodeOf(InetAddress.getLocalHost().getHostName()));
    }

    @Test
    void aNameThatIsNoNodeNameGivesLocalhost() {
        assertThat(FleetSettings.nodeOf("")).isEqualTo("localhost");
        assertThat(FleetSettings.nodeOf(".hidden")).isEqualTo("localhost");
        assertThat(FleetSettings.nodeOf("bad name")).isEqualTo("localhost");
        assertThat(FleetSettings.nodeOf("web-01.example.org")).isEqualTo("web-01");
        assertThat(FleetSettings.nodeOf("a".repeat(64))).isEqualTo("localhost");
    }
}
