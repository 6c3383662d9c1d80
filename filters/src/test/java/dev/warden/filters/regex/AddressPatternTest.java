package dev.warden.filters.regex;

import com.google.re2j.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code <ADDR>} sub-pattern on its own, and how a capture becomes an address when the pattern
 * leaves its start or end open ({@code .*<ADDR>}, {@code <ADDR>} last).
 */
class AddressPatternTest {

    private static final Pattern WHOLE = Pattern.compile("^" + AddressPattern.BODY + "$");

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1", "0.0.0.0", "255.255.255.255", "203.0.113.199", "2001:db8::1", "::",
            "::1", "2001:db8:0:0:0:0:0:1", "2001:DB8::A:B", "fe80::1%eth0", "::ffff:192.0.2.1",
            "64:ff9b::192.0.2.1", "1:2:3:4:5:6:192.0.2.1", "2001:db8::", "1::8"})
    void matchesWholeLiterals(String address) {
        assertThat(WHOLE.matcher(address).matches()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2", "192.0.2.256", "192.0.2.01", "1.2.3.4.5", "host.example", "cafe", "12:30:45",
            "1:2:3:4:5:6:7", "2001:db8:::1", ":1", "1:", "g::1", "[2001:db8::1]", " 192.0.2.1", ""})
    void refusesEverythingElse(String text) {
        assertThat(WHOLE.matcher(text).matches()).isFalse();
    }

    /** Patterns that leave the start open (greedy run before it) or the end open (nothing after it). */
    @ParameterizedTest(name = "{0} on [{1}] -> {2}")
    @CsvSource(delimiterString = " ~ ", value = {
        ".*<ADDR>              ~ from 192.0.2.10                  ~ 192.0.2.10",
        ".*<ADDR>              ~ from 2001:db8::1                 ~ 2001:db8::1",
        ".*<ADDR>              ~ from [2001:db8:1:2::3]           ~ 2001:db8:1:2::3",
        ".*<ADDR>\\]            ~ from [2001:db8:1:2::3]           ~ 2001:db8:1:2::3",
        ".*<ADDR>              ~ from ::ffff:192.0.2.10           ~ 192.0.2.10",
        ".*<ADDR>              ~ from 64:ff9b::192.0.2.10         ~ 64:ff9b::c000:20a",
        ".*<ADDR>              ~ IP:192.0.2.10                    ~ 192.0.2.10",
        ".*<ADDR>              ~ Failed:192.0.2.10                ~ 192.0.2.10",
        ".*<ADDR>              ~ IP:2001:db8::10                  ~ 2001:db8::10",
        ".*<ADDR>              ~ version 1.2.3.4.5                ~ none",
        ".*<ADDR>              ~ id x2001:db8::1                  ~ none",
        ".*<ADDR>              ~ idx:2001:db8::1                  ~ 2001:db8::1",
        ".*<ADDR>              ~ idx:1.2.3.4.5                    ~ none",
        ".*<ADDR> port         ~ from 192.0.2.10 port             ~ 192.0.2.10",
        "\\S*<ADDR> port        ~ from=2001:db8::10 port           ~ 2001:db8::10",
        "from <ADDR>           ~ from 192.0.2.10                  ~ 192.0.2.10",
        "from <ADDR>           ~ from 192.0.2.10.                 ~ 192.0.2.10",
        "from <ADDR>           ~ from 192.0.2.10:22               ~ 192.0.2.10",
        "from <ADDR>           ~ from 192.0.2.10, port 22         ~ 192.0.2.10",
        "from <ADDR>           ~ from 192.0.2.100x                ~ none",
        "from <ADDR>           ~ from 192.0.2.1000                ~ none",
        "from <ADDR>           ~ from 192.0.2.10.5                ~ none",
        "from <ADDR>           ~ from 2001:db8::10 port           ~ 2001:db8::10",
        "from <ADDR>           ~ from 2001:db8::10:zz             ~ 2001:db8::10",
        "from <ADDR>           ~ from 1:2:3:4:5:6:7:8:9           ~ none",
        "from <ADDR>           ~ from 2001:db8::10%eth0 port      ~ 2001:db8::10",
        "from <ADDR>:\\d+       ~ from 2001:db8::10:22             ~ 2001:db8::10",
        "from <ADDR>,          ~ from 192.0.2.10,                 ~ 192.0.2.10"})
    void openSides(String pattern, String message, String expected) {
        RegexRun run = RegexRun.of("fail", pattern);
        assertThat(run.result(message)).isEqualTo(expected);
    }

    @Test
    void aLiteralBeforeThePlaceholderFixesTheStartEvenWhenItIsAnAddressCharacter() {
        assertThat(RegexRun.of("fail", "IP:<ADDR>").result("IP:2001:db8::10")).isEqualTo("2001:db8::10");
        assertThat(RegexRun.of("fail", "id=x<ADDR>").result("id=x192.0.2.10")).isEqualTo("192.0.2.10");
    }
}
