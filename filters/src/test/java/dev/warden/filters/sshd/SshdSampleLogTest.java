package dev.warden.filters.sshd;

import dev.warden.core.testkit.AnnotatedSampleLog;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The shipped annotated sample logs: one per mode or option that changes the results. */
class SshdSampleLogTest {

    @Test
    void normalModeSample() {
        AnnotatedSampleLog.assertMatches(new SshdFilterFactory(), "warden-samples/sshd.log");
    }

    /** {@code # options: {mode: aggressive}} */
    @Test
    void aggressiveModeSample() {
        AnnotatedSampleLog.assertMatches(new SshdFilterFactory(), "warden-samples/sshd-aggressive.log");
    }

    /** {@code # options: {pam-failures: immediate}} */
    @Test
    void immediatePamFailuresSample() {
        AnnotatedSampleLog.assertMatches(new SshdFilterFactory(), "warden-samples/sshd-pam-immediate.log");
    }

    static Path sample(String name) throws URISyntaxException {
        return Path.of(SshdSampleLogTest.class.getResource("/warden-samples/" + name).toURI());
    }
}
