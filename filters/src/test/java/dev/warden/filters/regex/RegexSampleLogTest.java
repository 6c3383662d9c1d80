package dev.warden.filters.regex;

import dev.warden.core.testkit.AnnotatedSampleLog;
import org.junit.jupiter.api.Test;

/** The shipped annotated samples, each run with the options written in its {@code # options:} header. */
class RegexSampleLogTest {

    /** Dovecot's failed logins. */
    @Test
    void dovecotSample() {
        AnnotatedSampleLog.assertMatches(new RegexFilterFactory(), "warden-samples/regex.log");
    }

    /** A made-up VPN daemon, unanchored, no tag. */
    @Test
    void customDaemonSample() {
        AnnotatedSampleLog.assertMatches(new RegexFilterFactory(), "warden-samples/regex-custom.log");
    }
}
