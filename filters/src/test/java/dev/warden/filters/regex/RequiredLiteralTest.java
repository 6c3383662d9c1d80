package dev.warden.filters.regex;

import dev.warden.core.spi.PluginConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The literal pre-check: what it extracts, and that it never refuses a message the pattern matches
 * (it may only ever be weaker than the regex, never stronger).
 */
class RequiredLiteralTest {

    @ParameterizedTest(name = "{0} -> prefix [{1}] anywhere [{2}]")
    @CsvSource(delimiterString = " ~ ", nullValues = "-", value = {
        // pattern                                   ~ prefix                 ~ anywhere
        "auth failed from <ADDR>                     ~ 'auth failed from '    ~ -",
        "auth failed, \\d+ attempts .* rip=<ADDR>,    ~ 'auth failed, '        ~ ' attempts '",
        ".*rip=<ADDR>, lip=                          ~ -                      ~ ', lip='",
        "^Failed password for .* from <ADDR>         ~ 'Failed password for ' ~ ' from '",
        "colou?r=<ADDR> mode                         ~ colo                   ~ ' mode'",
        "ab+c <ADDR>                                 ~ ab                     ~ -",
        "abc{0,2}d <ADDR>                            ~ ab                     ~ -",
        "abc{2} <ADDR>                               ~ abc                    ~ -",
        "a\\.b\\[c\\] <ADDR>                         ~ 'a.b[c] '              ~ -",
        "x\\d+ yy <ADDR>                             ~ x                      ~ ' yy '",
        "(?:imap|pop3)-login: <ADDR>                 ~ -                      ~ '-login: '",
        "imap-login|pop3-login <ADDR>                ~ -                      ~ -",
        "(?i)failed from <ADDR>                      ~ -                      ~ -",
        "(?s)failed from <ADDR>                      ~ -                      ~ 'failed from '",
        "Failed (?i:password) from <ADDR>            ~ 'Failed '              ~ ' from '",
        "[Ff]ailed login from <ADDR>                 ~ -                      ~ 'ailed login from '",
        "\\QFailed\\E login from <ADDR>              ~ -                      ~ ' login from '",
        "échec depuis <ADDR>                         ~ 'échec depuis '        ~ -",
        "from <ADDR> port \\d+ ssh2                  ~ 'from '                ~ ' port '",
        "a{ <ADDR>                                   ~ a                      ~ -",
        "a[]x]+bcd <ADDR>                            ~ a                      ~ 'bcd '",
        "a[[:alpha:]]bcd <ADDR>                      ~ a                      ~ 'bcd '",
        "fail\uFFFDed from <ADDR>                   ~ fail                   ~ 'ed from '"})
    void extracts(String pattern, String prefix, String anywhere) throws PluginConfigException {
        RequiredLiteral lit = RequiredLiteral.of(PatternScanner.scan(pattern, "fail[0]"), true);
        assertThat(text(lit.prefix())).isEqualTo(prefix == null ? "" : prefix);
        assertThat(text(lit.anywhere())).isEqualTo(anywhere == null ? "" : anywhere);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " ~ ", value = {
        "colou?r=<ADDR> mode ~ color=192.0.2.1 mode",
        "colou?r=<ADDR> mode ~ colour=192.0.2.1 mode",
        "ab+c <ADDR> ~ abbbbc 192.0.2.1",
        "abc{0,2}d <ADDR> ~ abd 192.0.2.1",
        "abc{0,2}d <ADDR> ~ abccd 192.0.2.1",
        "a\\.b\\[c\\] <ADDR> ~ a.b[c] 192.0.2.1",
        "(?:imap|pop3)-login: <ADDR> ~ pop3-login: 192.0.2.1",
        "(?i)failed from <ADDR> ~ FAILED FROM 192.0.2.1",
        "Failed (?i:password) from <ADDR> ~ Failed PassWord from 192.0.2.1",
        "[Ff]ailed login from <ADDR> ~ failed login from 192.0.2.1",
        "\\QFailed\\E login from <ADDR> ~ Failed login from 192.0.2.1",
        "a{ <ADDR> ~ a{ 192.0.2.1",
        "a[]x]+bcd <ADDR> ~ a]x]bcd 192.0.2.1",
        "a[[:alpha:]]bcd <ADDR> ~ aZbcd 192.0.2.1",
        "x*y*z* <ADDR> ~ ' 192.0.2.1'",
        "(ab)?cd?e <ADDR> ~ ce 192.0.2.1",
        "ca\\x{66}e <ADDR> ~ cafe 192.0.2.1",
        "caf\\pL <ADDR> ~ café 192.0.2.1",
        "a.b <ADDR> ~ a\u00e9b 192.0.2.1"})
    void neverRefusesAMatch(String pattern, String message) throws PluginConfigException {
        FailPattern p = PatternCompiler.fail(pattern, "fail[0]", true);
        assertThat(p.matches(message)).as("the regex matches").isTrue();
        byte[] b = ("xx " + message).getBytes(StandardCharsets.UTF_8);
        assertThat(p.admits(b, 3, b.length)).as(p.literal().toString()).isTrue();
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
