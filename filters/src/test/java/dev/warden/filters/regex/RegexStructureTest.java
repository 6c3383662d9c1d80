package dev.warden.filters.regex;

import dev.warden.core.spi.PluginConfigException;
import dev.warden.core.testkit.FilterRunner;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.warden.filters.regex.RegexRun.syslog;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The structure a library filter is written with: tag lists and tag patterns, a shared prefix, named pieces,
 * {@code match: line}, per-pattern kinds, and the explanations of patterns that matched nothing.
 */
class RegexStructureTest {

    @Test
    void tagTakesExactNamesAndPatternsMatchedAgainstTheWholeName() {
        RegexRun run = RegexRun.of("tag", List.of("dovecot", "postfix(?:-\\w+)?/(?:\\w+/)?smtpd"),
                "fail", "bad from <ADDR>$");
        assertThat(run.results(
                syslog("dovecot", "bad from 192.0.2.1"),
                syslog("postfix/smtpd", "bad from 192.0.2.2"),
                syslog("postfix-out/submission/smtpd", "bad from 192.0.2.3"),
                syslog("postfix/smtpd-x", "bad from 192.0.2.4"),   // the pattern must match the whole name
                syslog("xdovecot", "bad from 192.0.2.5"),
                syslog("sshd", "bad from 192.0.2.6")))
                .containsExactly("192.0.2.1", "192.0.2.2", "192.0.2.3", "none", "none", "none");
    }

    @Test
    void aTagPatternThatMatchesNothingAlsoTakesLinesWithoutAProgramName() {
        RegexRun run = RegexRun.of("tag", "vsftpd|", "fail", ".*FAIL LOGIN: Client \"<ADDR>\"$");
        assertThat(run.results(
                "Sun Oct 11 17:02:00 2026 [pid 1] [x] FAIL LOGIN: Client \"192.0.2.1\"",
                syslog("vsftpd", "[x] FAIL LOGIN: Client \"192.0.2.2\""),
                syslog("other", "[x] FAIL LOGIN: Client \"192.0.2.3\"")))
                .containsExactly("192.0.2.1", "192.0.2.2", "none");
    }

    @Test
    void theAddressMayBeInThePrefixAndEveryFailPatternContinuesIt() {
        RegexRun run = RegexRun.of("prefix", "\\[client <ADDR>\\] ", "fail", List.of("user \\S+ not found$",
                "^password mismatch$"));
        assertThat(run.results(
                syslog("httpd", "[client 192.0.2.1] user root not found"),
                syslog("httpd", "[client 192.0.2.2] password mismatch"),
                syslog("httpd", "x [client 192.0.2.3] password mismatch"),    // the prefix is anchored
                syslog("httpd", "[client 192.0.2.4] all fine")))
                .containsExactly("192.0.2.1", "192.0.2.2", "none", "none");
    }

    @Test
    void theAddressIsCountedOverPrefixAndPatternTogether() {
        assertThat(refused(Map.of("prefix", "from <ADDR> ", "fail", List.of("said <ADDR>"))).getMessage())
                .contains("2 address placeholders").contains("with its prefix");
        assertThat(refused(Map.of("prefix", "from ", "fail", List.of("said hello"))).option()).isEqualTo("fail[0]");
    }

    @Test
    void aPrefixWithAnAlternationDoesNotLeakIntoThePattern() {
        RegexRun run = RegexRun.of("prefix", "a|b", "fail", " from <ADDR>");
        assertThat(run.results(syslog("x", "a from 192.0.2.1"), syslog("x", "b from 192.0.2.2"),
                syslog("x", " from 192.0.2.3"))).containsExactly("192.0.2.1", "192.0.2.2", "none");
    }

    @Test
    void piecesAreNamedAndReusedAndMayUseEachOther() {
        RegexRun run = RegexRun.of("pieces", Map.of("client", "%{name}\\[<ADDR>\\]", "name", "[^\\s\\[]*"),
                "fail", List.of("reject from %{client}: 5\\d\\d", "errors from %{client}$"));
        assertThat(run.results(
                syslog("smtpd", "reject from mail.example.org[192.0.2.1]: 554 no"),
                syslog("smtpd", "errors from unknown[192.0.2.2]"),
                syslog("smtpd", "errors from a b[192.0.2.3]")))
                .containsExactly("192.0.2.1", "192.0.2.2", "none");
    }

    @Test
    void aPieceWithAnAlternationOrARepetitionAfterItKeepsItsMeaning() {
        RegexRun run = RegexRun.of("pieces", Map.of("verb", "RCPT|MAIL", "d", "\\d"),
                "fail", "^%{verb} from <ADDR> code %{d}+$");
        assertThat(run.results(syslog("x", "RCPT from 192.0.2.1 code 554"), syslog("x", "MAIL from 192.0.2.2 code 5"),
                syslog("x", "HELO from 192.0.2.3 code 5"))).containsExactly("192.0.2.1", "192.0.2.2", "none");
    }

    @Test
    void piecesKeepTheRequiredLiteralPrefilter() throws PluginConfigException {
        Pieces pieces = Pieces.of(Map.of("head", "Failed login"));
        FailPattern p = PatternCompiler.fail("x", pieces.expand("%{head} from <ADDR>", "fail[0]"), "fail[0]", true,
                null);
        assertThat(new String(p.literal().prefix())).isEqualTo("Failed login from ");
    }

    @Test
    void badPiecesAreRefusedWhereTheyAreWritten() {
        assertThat(refused(Map.of("pieces", Map.of("a", "%{b}", "b", "%{a}"), "fail", List.of("<ADDR>"))).getMessage())
                .contains("circle");
        PluginConfigException unknown = refused(Map.of("fail", List.of("x %{nope} <ADDR>")));
        assertThat(unknown.option()).isEqualTo("fail[0]");
        assertThat(unknown.getMessage()).contains("%{nope}").contains("names no piece");
        assertThat(refused(Map.of("pieces", Map.of("Bad", "x"), "fail", List.of("<ADDR>"))).option())
                .isEqualTo("pieces.Bad");
        assertThat(refused(Map.of("pieces", Map.of("a", "(?=x)"), "fail", List.of("<ADDR>"))).option())
                .isEqualTo("pieces.a");
    }

    @Test
    void eachPatternMayNameItsOwnKind() {
        RegexRun run = RegexRun.of("kind", "auth", "fail", List.of("%{kind:relay}relay denied for <ADDR>",
                "bad password for <ADDR>"));
        List<FilterRunner.Detection> found = run.detections(syslog("x", "relay denied for 192.0.2.1"),
                syslog("x", "bad password for 192.0.2.2"));
        assertThat(found).extracting(FilterRunner.Detection::kind).containsExactly("relay", "auth");
        assertThat(refused(Map.of("fail", List.of("x %{kind:relay} <ADDR>"))).getMessage()).contains("may only open");
        assertThat(refused(Map.of("fail", List.of("%{kind:}x <ADDR>"))).getMessage()).contains("needs a kind name");
    }

    @Test
    void matchLineShowsPatternsTheWholeLineProgramNameIncluded() {
        RegexRun run = RegexRun.of("match", "line", "anchor", false,
                "fail", "auth\\([^,()]*,<ADDR>,[\\w:]+\\)<[^<>]*>: Info: sql: Password mismatch");
        String dovecot24 = "Aug 30 00:10:57 mail auth(info@example.com,192.0.2.110,sasl:login)<CvN+E95U>: Info: sql:"
                + " Password mismatch";
        assertThat(run.results(dovecot24)).containsExactly("192.0.2.110");
        assertThat(RegexRun.of("fail", "auth\\([^,()]*,<ADDR>,", "anchor", false).results(dovecot24))
                .as("the same line, message only").containsExactly("none");
    }

    @Test
    void explainsAPatternThatMatchedNothing() {
        RegexRun run = RegexRun.of("tag", "dovecot", "fail", List.of("Failed for <ADDR>$", "unknown user <ADDR>$"));
        run.results(
                syslog("dovecot", "Failed for 192.0.2.1"),
                syslog("auth", "unknown user 192.0.2.2"),               // line 2: another program
                syslog("dovecot", "note: unknown user 192.0.2.3"));     // line 3: not at the start
        List<String> why = run.explanations();
        assertThat(why).hasSize(1);
        assertThat(why.get(0)).startsWith("fail[1] 'unknown user <ADDR>$': 1 line(s) held its fixed text")
                .contains("line 2: its text is there but the program name is none of tag [dovecot]")
                .contains("line 3: it matches there, but not from the start of the message");
    }

    @Test
    void explainsALineWhoseHeaderWasNotStripped() {
        RegexRun run = RegexRun.of("fail", "Access denied for <ADDR>$");
        // a date in a shape core does not know (a jail would need a time-format for it)
        run.results("13.12.2026 19:03:01 db mysqld: Access denied for 192.0.2.1");
        assertThat(run.explanations()).singleElement().asString()
                .contains("line 1: no date could be read on it (it starts '99.99.9999 99:99:99 aa aaaaaa: A'), so the"
                        + " host and program name were not stripped");
    }

    @Test
    void explainsAPrefixThatDidNotMatch() {
        RegexRun run = RegexRun.of("prefix", "\\[client <ADDR>\\] ", "fail", "user \\S+ not found");
        run.results(syslog("httpd", "[remote 192.0.2.1] user root not found"));
        assertThat(run.explanations()).singleElement().asString().contains("line 1: the prefix did not match it");
    }

    private static PluginConfigException refused(Map<String, ?> options) {
        return RegexConfigTest.refused(options);
    }
}
