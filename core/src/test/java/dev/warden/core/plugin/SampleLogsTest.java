package dev.warden.core.plugin;

import dev.warden.core.spi.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SampleLogsTest {

    private static final String SAMPLE = """
            # A sample for the dovecot test filter.
            # options: {prefix: "auth failed from "}
            # expect: fail 192.0.2.7
            Nov  7 10:00:00 mail dovecot[1]: auth failed from 192.0.2.7
            # expect: fail 192.0.2.7 x2
            Nov  7 10:00:01 mail dovecot[1]: auth failed from 192.0.2.7 twice
            # expect: fail 2001:DB8::1
            Nov  7 10:00:02 mail dovecot[1]: auth failed from 2001:db8::1

            # expect: none
            Nov  7 10:00:03 mail dovecot[1]: login from 192.0.2.8
            # expect: unattributed x3
            Nov  7 10:00:04 mail dovecot[1]: auth failed from nowhere
            # expect: sometimes
            Nov  7 10:00:05 mail dovecot[1]: ?
            """;

    @Test
    void parsesTheAnnotationsOfTheTestKitFormat() {
        assertThat(SampleExpectation.parse(" none")).contains(
                new SampleExpectation(SampleExpectation.Outcome.NONE, null, 0));
        assertThat(SampleExpectation.parse("fail 2001:DB8:0::1 x2")).contains(new SampleExpectation(
                SampleExpectation.Outcome.FAIL, IpAddress.parse("2001:db8::1").get(), 2));
        assertThat(SampleExpectation.parse("unattributed")).contains(
                new SampleExpectation(SampleExpectation.Outcome.UNATTRIBUTED, null, 1));
        for (String bad : new String[] {"fail", "fail nowhere", "fail 192.0.2.1 twice", "unattributed x0", "maybe",
                ""}) {
            assertThat(SampleExpectation.parse(bad)).as(bad).isEqualTo(Optional.empty());
        }
    }

    @Test
    void summarizesWhatTheAnnotationsPromise() {
        assertThat(SampleLogSummary.of("dovecot.log", SAMPLE.lines().toList())).isEqualTo(new SampleLogSummary(
                "dovecot.log", "{prefix: \"auth failed from \"}", 6, 3, 4, 2, 3, 1));
    }

    @Test
    void findsTheSamplesOfAFilterInItsJar(@TempDir Path dir) throws Exception {
        Path jar = TestPluginJar.filter("com.example.Dovecot", "dovecot")
                .resource("warden-samples/dovecot.log", SAMPLE)
                .resource("warden-samples/dovecot-imap.log", "# expect: none\nNov  7 10:00:00 mail imap[1]: hi\n")
                .resource("warden-samples/dovecotx.log", "not this filter's\n")
                .resource("warden-samples/sub/dovecot.log", "not in the folder itself\n")
                .write(dir.resolve("dovecot.jar"));
        Files.createDirectories(dir.resolve("plugins"));
        Files.move(jar, dir.resolve("plugins/dovecot.jar"));
        try (PluginCatalog catalog = PluginCatalog.discover(getClass().getClassLoader(), "1", dir.resolve("plugins"))) {
            List<SampleLogSummary> samples = SampleLogs.of(catalog.filter("dovecot").get(), "dovecot");
            assertThat(samples).extracting(SampleLogSummary::name).containsExactly("dovecot-imap.log", "dovecot.log");
            assertThat(samples.get(0).logLines()).isEqualTo(1);
            assertThat(samples.get(1).failures()).isEqualTo(4);
        }
    }

    @Test
    void findsTheSamplesInAClassDirectoryAndNoneWhereThereAreNone() throws Exception {
        // this test's classes are a directory; the fixtures' filter has no samples in it
        assertThat(SampleLogs.of(new OpenSmtpdTestFilter(), "opensmtpd")).isEmpty();
        assertThat(SampleLogs.isSampleOf("sshd-aggressive.log", "sshd")).isTrue();
        assertThat(SampleLogs.isSampleOf("sshd.log", "sshd")).isTrue();
        assertThat(SampleLogs.isSampleOf("sshdx.log", "sshd")).isFalse();
        assertThat(SampleLogs.isSampleOf("sshd.txt", "sshd")).isFalse();
    }
}
