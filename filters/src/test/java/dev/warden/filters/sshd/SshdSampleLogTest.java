package dev.warden.filters.sshd;

import dev.warden.core.testkit.AnnotatedSampleLog;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/** The shipped annotated sample logs: one per mode or option that changes the results. */
class SshdSampleLogTest {

    @Test
    void normalModeSample() throws URISyntaxException {
        AnnotatedSampleLog.assertMatches(new SshdFilterFactory(), Map.of(), sample("sshd.log"));
    }

    @Test
    void aggressiveModeSample() throws URISyntaxException {
        AnnotatedSampleLog.assertMatches(new SshdFilterFactory(), Map.of("mode", "aggressive"),
                sample("sshd-aggressive.log"));
    }

    @Test
    void immediatePamFailuresSample() throws URISyntaxException {
        AnnotatedSampleLog.assertMatches(new SshdFilterFactory(), Map.of("pam-failures", "immediate"),
                sample("sshd-pam-immediate.log"));
    }

    static Path sample(String name) throws URISyntaxException {
        return Path.of(SshdSampleLogTest.class.getResource("/warden-samples/" + name).toURI());
    }
}
