package dev.warden.filters.opensmtpd;

import dev.warden.core.testkit.AnnotatedSampleLog;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

/** The shipped sample log is the filter's specification: every line must yield what its comment says. */
class OpenSmtpdSampleLogTest {

    static Path sample() throws Exception {
        return Path.of(OpenSmtpdSampleLogTest.class.getResource("/warden-samples/opensmtpd.log").toURI());
    }

    @Test
    void everyLineYieldsWhatItsAnnotationSays() throws Exception {
        AnnotatedSampleLog.assertMatches(new OpenSmtpdFilterFactory(), Map.of(), sample());
    }
}
