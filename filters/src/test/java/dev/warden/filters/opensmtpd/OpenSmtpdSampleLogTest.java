package dev.warden.filters.opensmtpd;

import dev.warden.core.testkit.AnnotatedSampleLog;
import org.junit.jupiter.api.Test;

/** The shipped sample log is the filter's specification: every line must yield what its comment says. */
class OpenSmtpdSampleLogTest {

    @Test
    void everyLineYieldsWhatItsAnnotationSays() {
        AnnotatedSampleLog.assertMatches(new OpenSmtpdFilterFactory(), "warden-samples/opensmtpd.log");
    }
}
