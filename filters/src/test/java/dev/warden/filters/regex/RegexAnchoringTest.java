package dev.warden.filters.regex;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.warden.filters.regex.RegexRun.syslog;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a pattern must match: from the first byte of the message (after {@code tag[pid]: }), as if it
 * began with {@code ^} but did not end with {@code $}; a leading {@code ^} changes nothing; a leading
 * {@code .*} or {@code anchor: false} lets it match anywhere; {@code ^} still means the message start.
 */
class RegexAnchoringTest {

    private static final String MESSAGE = "auth: login failed from 192.0.2.1 port 22";

    @Test
    void anchoredByDefaultToTheMessageStart() {
        RegexRun run = RegexRun.of("fail", "login failed from <ADDR>");
        assertThat(run.result("login failed from 192.0.2.1 port 22")).isEqualTo("192.0.2.1");
        assertThat(run.result(MESSAGE)).isEqualTo("none");
        assertThat(run.result(" login failed from 192.0.2.1")).isEqualTo("none");
    }

    @Test
    void theHeaderIsNotPartOfTheMessage() {
        RegexRun run = RegexRun.of("fail", "auth: login failed from <ADDR>");
        assertThat(run.results(
                syslog("daemon", MESSAGE),
                "Nov  7 10:00:00 gw daemon: " + MESSAGE,
                "2026-11-07T10:00:00+00:00 gw daemon[7]: " + MESSAGE,
                "login failed from 192.0.2.1"))
                .containsExactly("192.0.2.1", "192.0.2.1", "192.0.2.1", "none");
        // Without a timestamp, core's header parser still takes a leading "word:" as the program tag.
        assertThat(RegexRun.of("fail", "login failed from <ADDR>", "tag", "auth").results(MESSAGE, "login failed from 192.0.2.1"))
                .containsExactly("192.0.2.1", "none");
        assertThat(RegexRun.of("fail", "daemon\\[42\\]: auth: login failed from <ADDR>").result(MESSAGE))
                .isEqualTo("none");
    }

    @Test
    void noDollarIsImplied() {
        RegexRun run = RegexRun.of("fail", "auth: login failed from <ADDR>");
        assertThat(run.result(MESSAGE + " and then some")).isEqualTo("192.0.2.1");
        RegexRun whole = RegexRun.of("fail", "auth: login failed from <ADDR>$");
        assertThat(whole.result(MESSAGE)).isEqualTo("none");
        assertThat(whole.result("auth: login failed from 192.0.2.1")).isEqualTo("192.0.2.1");
    }

    @Test
    void aLeadingCaretChangesNothing() {
        for (boolean anchor : List.of(true, false)) {
            RegexRun run = RegexRun.of("fail", "^login failed from <ADDR>", "anchor", anchor);
            assertThat(run.result("login failed from 192.0.2.1")).isEqualTo("192.0.2.1");
            assertThat(run.result(MESSAGE)).as("anchor " + anchor).isEqualTo("none");
        }
    }

    @Test
    void aLeadingDotStarMatchesAnywhere() {
        RegexRun run = RegexRun.of("fail", ".*login failed from <ADDR>");
        assertThat(run.result(MESSAGE)).isEqualTo("192.0.2.1");
        assertThat(run.result("login failed from 192.0.2.1")).isEqualTo("192.0.2.1");
    }

    @Test
    void anchorFalseMatchesAnywhereLeftmostFirst() {
        RegexRun run = RegexRun.of("fail", "login failed from <ADDR>", "anchor", false);
        assertThat(run.result(MESSAGE)).isEqualTo("192.0.2.1");
        assertThat(run.result("x login failed from 192.0.2.1; login failed from 192.0.2.2")).isEqualTo("192.0.2.1");
    }

    @Test
    void ignorePatternsAreFoundAnywhereWhateverTheAnchor() {
        RegexRun run = RegexRun.of("fail", "login failed from <ADDR>", "ignore", "port 22$");
        assertThat(run.results(
                syslog("d", "login failed from 192.0.2.1 port 22"),
                syslog("d", "login failed from 192.0.2.2 port 2222")))
                .containsExactly("none", "192.0.2.2");
    }

    @Test
    void theFirstMatchingPatternWinsOneFailurePerLine() {
        RegexRun run = RegexRun.of("fail", List.of(
                "login failed from <ADDR> port",
                ".*port \\d+ of <ADDR>",
                "login failed from (?:\\S+) port \\d+ via <ADDR>"), "kind", "custom");
        assertThat(run.results(
                syslog("d", "login failed from 192.0.2.1 port 22 of 192.0.2.2"),
                syslog("d", "login failed from relay port 22 of 192.0.2.3"),
                syslog("d", "login failed from relay port 22 via 192.0.2.4"),
                syslog("d", "login failed from 192.0.2.500 port 22 of 192.0.2.5")))
                .containsExactly("192.0.2.1", "192.0.2.3", "192.0.2.4", "192.0.2.5");
        assertThat(run.stats().patternHits()).containsExactly(
                Map.entry("login failed from <ADDR> port", 1L),
                Map.entry(".*port \\d+ of <ADDR>", 2L),
                Map.entry("login failed from (?:\\S+) port \\d+ via <ADDR>", 1L));
        assertThat(run.stats().ignoredLines()).isZero();
    }

    @Test
    void theFailureCarriesTheKindAndTheLineTime() {
        RegexRun run = RegexRun.of("fail", "bad <ADDR>", "kind", "custom-auth");
        assertThat(run.detections("Nov  7 10:00:05 gw d[1]: bad 192.0.2.9")).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo("custom-auth");
            assertThat(d.epochMillis()).isEqualTo(Instant.parse("2026-11-07T10:00:05Z").toEpochMilli());
        });
        assertThat(RegexRun.of("fail", "bad <ADDR>").detections("bad 192.0.2.9"))
                .singleElement().satisfies(d -> assertThat(d.kind()).isEqualTo("regex"));
    }
}
