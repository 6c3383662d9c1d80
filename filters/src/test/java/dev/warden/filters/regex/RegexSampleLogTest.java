package dev.warden.filters.regex;

import dev.warden.core.testkit.AnnotatedSampleLog;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The shipped annotated samples, each with the options written in its header comment. */
class RegexSampleLogTest {

    /** warden-samples/regex.log: Dovecot's failed logins. */
    static final Map<String, Object> DOVECOT = Map.of(
            "tag", "dovecot",
            "fail", List.of(
                    "(?:imap|pop3|submission|managesieve)-login: .*\\(auth failed, \\d+ attempts in \\d+ secs\\):"
                            + " user=<.*>, method=\\S+, rip=<ADDR>, lip=",
                    "auth(?:-worker\\(\\d+\\))?: (?:pam|passwd-file)\\([^,]*,<ADDR>(?:,<[^>]*>)?\\):"
                            + " (?:unknown user|Password mismatch)"),
            "ignore", List.of("rip=198\\.51\\.100\\.250,"));

    /** warden-samples/regex-custom.log: a made-up VPN daemon, unanchored, no tag. */
    static final Map<String, Object> CUSTOM = Map.of(
            "kind", "vpn-auth",
            "anchor", false,
            "fail", List.of(
                    "^AUTH-FAIL client=\\[<ADDR>\\]:\\d+ user=",
                    "TLS handshake failed: peer <HOST> "),
            "ignore", List.of("user=\"healthcheck\""));

    @Test
    void dovecotSample() throws URISyntaxException {
        AnnotatedSampleLog.assertMatches(new RegexFilterFactory(), DOVECOT, sample("regex.log"));
    }

    @Test
    void customDaemonSample() throws URISyntaxException {
        AnnotatedSampleLog.assertMatches(new RegexFilterFactory(), CUSTOM, sample("regex-custom.log"));
    }

    static Path sample(String name) throws URISyntaxException {
        return Path.of(RegexSampleLogTest.class.getResource("/warden-samples/" + name).toURI());
    }
}
