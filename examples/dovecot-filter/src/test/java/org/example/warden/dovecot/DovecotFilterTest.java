package org.example.warden.dovecot;

import dev.warden.core.testkit.AnnotatedSampleLog;
import org.junit.jupiter.api.Test;

/** The annotated sample logs are the filter's specification: each line yields what its comment says. */
class DovecotFilterTest {

    @Test
    void sampleLog() {
        AnnotatedSampleLog.assertMatches(new DovecotFilterFactory(), "warden-samples/dovecot.log");
    }

    @Test
    void aggressiveSampleLog() {
        AnnotatedSampleLog.assertMatches(new DovecotFilterFactory(), "warden-samples/dovecot-aggressive.log");
    }
}
