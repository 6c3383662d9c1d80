package dev.warden.core.net;

import dev.warden.core.spi.IpAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrTest {

    private static IpAddress ip(String text) {
        return IpAddress.parse(text).orElseThrow();
    }

    private static Cidr cidr(String text) {
        return Cidr.parse(text).orElseThrow(() -> new AssertionError("did not parse: " + text));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "10.0.0.0/8, 10.0.0.0/8",
            "10.1.2.3/8, 10.0.0.0/8",
            "192.0.2.77/24, 192.0.2.0/24",
            "192.0.2.77/31, 192.0.2.76/31",
            "192.0.2.1, 192.0.2.1/32",
            "' 192.0.2.1/32 ', 192.0.2.1/32",
            "0.0.0.0/0, 0.0.0.0/0",
            "255.255.255.255/0, 0.0.0.0/0",
            "2001:DB8::1/32, 2001:db8::/32",
            "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff/65, 2001:db8:ffff:ffff:8000::/65",
            "2001:db8::1, 2001:db8::1/128",
            "::1, ::1/128",
            "::/0, ::/0",
            "fe80::1%eth0/64, fe80::/64",
            "::ffff:10.1.2.3/104, 10.0.0.0/8",
            "::ffff:192.0.2.1, 192.0.2.1/32",
    })
    void parsesAndCanonicalizes(String text, String canonical) {
        assertThat(cidr(text).toString()).isEqualTo(canonical);
        assertThat(cidr(canonical)).isEqualTo(cidr(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/8", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/+8",
            "10.0.0.0/8/8", "10.0.0/8", "10.0.0.0/ 8", "::/129", "::ffff:10.0.0.0/95", "host.example",
            "10.0.0.0/1000", "2001:db8::/x"})
    void rejects(String text) {
        assertThat(Cidr.parse(text)).isEmpty();
    }

    @Test
    void prefixZeroContainsTheWholeFamilyOnly() {
        Cidr all4 = cidr("0.0.0.0/0");
        Cidr all6 = cidr("::/0");
        assertThat(all4.contains(ip("255.255.255.255"))).isTrue();
        assertThat(all4.contains(ip("0.0.0.0"))).isTrue();
        assertThat(all4.contains(ip("::1"))).isFalse();
        assertThat(all6.contains(ip("ffff::1"))).isTrue();
        assertThat(all6.contains(ip("10.0.0.1"))).isFalse();
        assertThat(all6.contains(ip("::ffff:10.0.0.1"))).as("mapped addresses are IPv4").isFalse();
    }

    @Test
    void singleAddressRangesContainOnlyThatAddress() {
        assertThat(cidr("192.0.2.1/32").contains(ip("192.0.2.1"))).isTrue();
        assertThat(cidr("192.0.2.1/32").contains(ip("192.0.2.2"))).isFalse();
        assertThat(cidr("192.0.2.1").isSingleAddress()).isTrue();
        assertThat(cidr("2001:db8::1/128").contains(ip("2001:db8::1"))).isTrue();
        assertThat(cidr("2001:db8::1/128").contains(ip("2001:db8::2"))).isFalse();
        assertThat(cidr("2001:db8::/127").isSingleAddress()).isFalse();
    }

    @Test
    void containsChecksTheBoundaries() {
        Cidr net = cidr("192.0.2.64/26");
        assertThat(net.contains(ip("192.0.2.63"))).isFalse();
        assertThat(net.contains(ip("192.0.2.64"))).isTrue();
        assertThat(net.contains(ip("192.0.2.127"))).isTrue();
        assertThat(net.contains(ip("192.0.2.128"))).isFalse();
        Cidr v6 = cidr("2001:db8:0:0:8000::/65");
        assertThat(v6.contains(ip("2001:db8::7fff:ffff:ffff:ffff"))).isFalse();
        assertThat(v6.contains(ip("2001:db8::8000:0:0:0"))).isTrue();
        assertThat(v6.contains(ip("2001:db8::ffff:ffff:ffff:ffff"))).isTrue();
        assertThat(cidr("2001:db8::/64").contains(ip("2001:db8:0:1::"))).isFalse();
    }

    @Test
    void ipv4RangeNeverContainsIpv6AndViceVersa() {
        assertThat(cidr("0.0.0.0/8").contains(ip("::1"))).isFalse();
        assertThat(cidr("::/96").contains(ip("0.0.0.1"))).isFalse();
    }

    @Test
    void constructorMasksAndChecksThePrefix() {
        assertThat(new Cidr(ip("10.9.8.7"), 16)).isEqualTo(cidr("10.9.0.0/16"));
        assertThatThrownBy(() -> new Cidr(ip("10.0.0.0"), 33)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Cidr(ip("::"), 129)).isInstanceOf(IllegalArgumentException.class);
    }
}
