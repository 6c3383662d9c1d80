package dev.warden.core.spi;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class IpAddressTest {

    @ParameterizedTest
    @CsvSource({
            "192.0.2.1, 192.0.2.1, true",
            "0.0.0.0, 0.0.0.0, true",
            "255.255.255.255, 255.255.255.255, true",
            "2001:db8::1, 2001:db8::1, false",
            "2001:DB8:0:0:0:0:0:1, 2001:db8::1, false",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1, false",
            "2001:0db8:0000:0000:0000:ff00:0042:8329, 2001:db8::ff00:42:8329, false",
            "::1, ::1, false",
            "::, ::, false",
            "::ffff:192.0.2.7, 192.0.2.7, true",
            "::FFFF:c000:0207, 192.0.2.7, true",
            "fe80::1%eth0, fe80::1, false",
            "2001:db8::192.0.2.1, 2001:db8::c000:201, false",
            "1:0:0:2:0:0:0:3, 1:0:0:2::3, false",
            "2001:db8:1:1:1:1:1:0, 2001:db8:1:1:1:1:1:0, false",
    })
    void parsesAndNormalizes(String in, String canonical, boolean v4) {
        IpAddress a = IpAddress.parse(in).orElseThrow();
        assertThat(a.toString()).isEqualTo(canonical);
        assertThat(a.isIpv4()).isEqualTo(v4);
        assertThat(IpAddress.parse(canonical)).contains(a);
        assertThat(fromBits(in)).isEqualTo(a);
    }

    /** {@link IpAddress#parseBits} then {@link IpAddress#ofIpv6}, or null when parseBits refuses. */
    private static IpAddress fromBits(String in) {
        byte[] b = in.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        long[] out = new long[2];
        return IpAddress.parseBits(b, 0, b.length, out) ? IpAddress.ofIpv6(out[0], out[1]) : null;
    }

    @org.junit.jupiter.api.Test
    void parseBitsAgreesWithParseOnRandomText() {
        java.util.Random random = new java.util.Random(17);
        char[] alphabet = "0123456789abcdefABCDEF:.%x/ ".toCharArray();
        for (int n = 0; n < 200_000; n++) {
            char[] c = new char[1 + random.nextInt(20)];
            for (int i = 0; i < c.length; i++) {
                c[i] = alphabet[random.nextInt(alphabet.length)];
            }
            String in = new String(c);
            assertThat(fromBits(in)).as(in).isEqualTo(IpAddress.parse(in).orElse(null));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", " 1.2.3.4", "1..2.3",
            "1.2.3.", "example.com", "localhost", ":::", "1:2:3:4:5:6:7:8:9", "2001:db8::1::2", "12345::",
            "2001:db8:::1", ":1::", "1:", "g::1", "1.2.3.4/24", "2001:db8::1%", "[2001:db8::1]", "IPv6:2001:db8::1",
            "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4"})
    void rejectsWhatIsNotExactlyOneAddress(String in) {
        assertThat(IpAddress.parse(in)).isEmpty();
        assertThat(fromBits(in)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304", "::1.2.3.4, ::102:304"})
    void embeddedIpv4(String in, String canonical) {
        assertThat(IpAddress.parse(in).orElseThrow().toString()).isEqualTo(canonical);
    }

    @org.junit.jupiter.api.Test
    void valueSemantics() {
        IpAddress a = IpAddress.parse("2001:db8::1").orElseThrow();
        IpAddress b = IpAddress.parse("2001:0db8:0::0001").orElseThrow();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(IpAddress.parse("0.0.0.1").orElseThrow()).isNotEqualTo(IpAddress.parse("::1").orElseThrow());
        assertThat(IpAddress.parse("10.0.0.1").orElseThrow())
                .isLessThan(IpAddress.parse("10.0.0.2").orElseThrow())
                .isLessThan(IpAddress.parse("::1").orElseThrow());
    }
}
