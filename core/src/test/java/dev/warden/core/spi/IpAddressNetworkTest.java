package dev.warden.core.spi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link IpAddress} as a network: what a jail with {@code ipv6-prefix}/{@code ipv4-prefix} counts and bans. */
class IpAddressNetworkTest {

    private static IpAddress ip(String text) {
        return IpAddress.parseNetwork(text).orElseThrow();
    }

    @ParameterizedTest
    @CsvSource({
            "2001:db8:1:2::5, 64, 2001:db8:1:2::/64",
            "2001:db8:1:2:ffff:ffff:ffff:ffff, 64, 2001:db8:1:2::/64",
            "2001:db8:1:2::5, 48, 2001:db8:1::/48",
            "2001:db8:1:2::5, 127, 2001:db8:1:2::4/127",
            "2001:db8:1:2::5, 128, 2001:db8:1:2::5",
            "2001:db8::1, 0, ::/0",
            "192.0.2.77, 24, 192.0.2.0/24",
            "192.0.2.77, 32, 192.0.2.77",
            "192.0.2.77, 8, 192.0.0.0/8",
            "::ffff:192.0.2.77, 24, 192.0.2.0/24",
    })
    void theNetworkOfAnAddressClearsTheHostBitsAndPrintsAsCidr(String address, int length, String network) {
        IpAddress n = ip(address).network(length);
        assertThat(n.toString()).isEqualTo(network);
        assertThat(n.prefixLength()).isEqualTo(length);
        assertThat(n.isNetwork()).isEqualTo(length < n.bitLength());
        assertThat(IpAddress.parseNetwork(network)).contains(n);
        assertThat(n.contains(ip(address))).isTrue();
    }

    @Test
    void aSlash64IsOneKeyWhicheverAddressItCameFrom() {
        IpAddress a = ip("2001:db8:1:2::5").network(64);
        IpAddress b = ip("2001:db8:1:2:dead:beef::1").network(64);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(ip("2001:db8:1:2::")).isNotEqualTo(ip("2001:db8:1:2::").network(48));
        assertThat(ip("2001:db8:1:2::")).as("the network's first address is not the network")
                .isNotEqualTo(a);
    }

    @Test
    void anAddressAndItsFullLengthPrefixAreTheSameValue() {
        assertThat(ip("2001:db8::7/128")).isEqualTo(ip("2001:db8::7")).hasSameHashCodeAs(ip("2001:db8::7"))
                .hasToString("2001:db8::7");
        assertThat(ip("192.0.2.7/32")).isEqualTo(IpAddress.parse("192.0.2.7").orElseThrow());
        IpAddress a = ip("192.0.2.7");
        assertThat(a.network(32)).isSameAs(a);
        assertThat(a.isNetwork()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "2001:db8:1:2::5/64, 2001:db8:1:2::/64",
            "10.1.2.3/8, 10.0.0.0/8",
            "::ffff:10.0.0.0/104, 10.0.0.0/8",
            "::ffff:10.1.2.3/128, 10.1.2.3",
            "0.0.0.0/0, 0.0.0.0/0",
            "2001:DB8::/32, 2001:db8::/32",
    })
    void parseNetworkClearsHostBitsAndNormalizes(String in, String canonical) {
        assertThat(ip(in)).hasToString(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/64", "2001:db8::/", "2001:db8::/129", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/ 8",
            "10.0.0.0/8 ", " 10.0.0.0/8", "10.0.0.0/0008", "10.0.0.0/8/8", "::ffff:10.0.0.0/95", "example.com/24",
            "10.0.0.0/+8"})
    void parseNetworkRejectsWhatIsNotExactlyOneAddressOrNetwork(String in) {
        assertThat(IpAddress.parseNetwork(in)).isEmpty();
    }

    @Test
    void plainParseNeverReadsAPrefix() {
        assertThat(IpAddress.parse("2001:db8::/64")).isEmpty();
        assertThat(IpAddress.parseNetwork("2001:db8::1")).isEqualTo(IpAddress.parse("2001:db8::1"));
    }

    @Test
    void containsAndOverlaps() {
        IpAddress n64 = ip("2001:db8:1:2::/64");
        IpAddress n48 = ip("2001:db8:1::/48");
        assertThat(n48.contains(n64)).isTrue();
        assertThat(n64.contains(n48)).isFalse();
        assertThat(n64.overlaps(n48)).isTrue();
        assertThat(n48.overlaps(n64)).isTrue();
        assertThat(n64.contains(ip("2001:db8:1:3::1"))).isFalse();
        assertThat(n64.overlaps(ip("2001:db8:1:3::/64"))).isFalse();
        assertThat(ip("0.0.0.0/0").contains(ip("::1"))).as("never across families").isFalse();
        assertThat(ip("::/0").overlaps(ip("10.0.0.1"))).isFalse();
        assertThat(n64.contains(n64)).isTrue();
    }

    @Test
    void networksSortBeforeTheLongerOnesTheyHoldAndAfterLowerBits() {
        assertThat(ip("2001:db8:1::/48")).isLessThan(ip("2001:db8:1::/64")).isLessThan(ip("2001:db8:1::"))
                .isLessThan(ip("2001:db8:1::1"));
        assertThat(ip("10.0.0.0/8")).isLessThan(ip("::/0"));
    }

    @Test
    void aNetworkCannotBeMadeLonger() {
        assertThatThrownBy(() -> ip("2001:db8::/64").network(65)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ip("10.0.0.1").network(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ip("2001:db8::/64").network(32)).hasToString("2001:db8::/32");
    }
}
