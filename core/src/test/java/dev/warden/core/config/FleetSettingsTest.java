package dev.warden.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
    void withoutSuchAFileTheResolversNameIsUsed(@TempDir Path dir) {
        String resolver;
        try {
            resolver = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            resolver = ""; // a host whose own name does not resolve: what the node name was made for
        }
        assertThat(FleetSettings.hostName(List.of(dir.resolve("missing")))).isEqualTo(resolver);
    }

    @Test
    void onThisHostTheNodeIsTheKernelsHostName() throws Exception {
        Process p = new ProcessBuilder("hostname").redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assumeTrue(p.waitFor() == 0 && !printed.isEmpty(), "hostname(1) prints this host's name");
        assertThat(FleetSettings.localNode()).isEqualTo(FleetSettings.nodeOf(printed));
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
