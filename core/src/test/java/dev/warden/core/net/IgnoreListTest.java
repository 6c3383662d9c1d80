package dev.warden.core.net;

import dev.warden.core.spi.IpAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IgnoreListTest {

    private static IpAddress ip(String text) {
        return IpAddress.parse(text).orElseThrow();
    }

    private static IgnoreList list(String... ranges) {
        List<Cidr> cidrs = new ArrayList<>();
        for (String r : ranges) {
            cidrs.add(Cidr.parse(r).orElseThrow());
        }
        return IgnoreList.of(cidrs);
    }

    @Test
    void emptyIgnoresNothing() {
        assertThat(IgnoreList.EMPTY.contains(ip("127.0.0.1"))).isFalse();
        assertThat(IgnoreList.EMPTY.size()).isZero();
        assertThat(IgnoreList.of(List.of())).isSameAs(IgnoreList.EMPTY);
    }

    @Test
    void matchesAddressesAndRangesOfBothFamilies() {
        IgnoreList list = list("127.0.0.0/8", "::1", "192.0.2.7", "2001:db8::/32", "198.51.100.0/24");
        assertThat(list.contains(ip("127.255.0.1"))).isTrue();
        assertThat(list.contains(ip("128.0.0.1"))).isFalse();
        assertThat(list.contains(ip("::1"))).isTrue();
        assertThat(list.contains(ip("::2"))).isFalse();
        assertThat(list.contains(ip("192.0.2.7"))).isTrue();
        assertThat(list.contains(ip("192.0.2.8"))).isFalse();
        assertThat(list.contains(ip("2001:db8:1234::99"))).isTrue();
        assertThat(list.contains(ip("2001:db9::"))).isFalse();
        assertThat(list.contains(ip("198.51.100.255"))).isTrue();
        assertThat(list.contains(ip("::ffff:127.0.0.1"))).as("mapped address is IPv4").isTrue();
    }

    @Test
    void aNetworkOverlapsTheListWhenItLiesInARangeOrHoldsAnEntry() {
        IgnoreList list = list("2001:db8:1:2::7", "2001:db8:aa::/48", "192.0.2.0/28", "10.0.0.0/8");
        IpAddress n64 = IpAddress.parseNetwork("2001:db8:1:2::/64").orElseThrow();
        assertThat(list.contains(n64)).as("contains asks about one address").isFalse();
        assertThat(list.overlaps(n64)).as("holds an ignored address").isTrue();
        assertThat(list.overlaps(IpAddress.parseNetwork("2001:db8:1:3::/64").orElseThrow())).isFalse();
        assertThat(list.overlaps(IpAddress.parseNetwork("2001:db8:aa:5::/64").orElseThrow())).as("inside a range")
                .isTrue();
        assertThat(list.overlaps(IpAddress.parseNetwork("2001:db8::/32").orElseThrow())).as("holds ranges")
                .isTrue();
        assertThat(list.overlaps(IpAddress.parseNetwork("192.0.2.0/24").orElseThrow())).isTrue();
        assertThat(list.overlaps(IpAddress.parseNetwork("192.0.2.16/28").orElseThrow())).isFalse();
        assertThat(list.overlaps(IpAddress.parseNetwork("10.20.0.0/16").orElseThrow())).isTrue();
        assertThat(list.overlaps(IpAddress.parseNetwork("11.0.0.0/8").orElseThrow())).isFalse();
        assertThat(list.overlaps(ip("2001:db8:1:2::7"))).as("an address: contains").isTrue();
        assertThat(list.overlaps(ip("2001:db8:1:2::8"))).isFalse();
        assertThat(list.overlaps(IpAddress.parseNetwork("2001:db8:1:2::8/127").orElseThrow())).isFalse();
        assertThat(list.overlaps(IpAddress.parseNetwork("2001:db8:1:2::6/127").orElseThrow())).isTrue();
        assertThat(list.overlaps(IpAddress.parseNetwork("::/0").orElseThrow())).isTrue();
        assertThat(list("10.0.0.0/8").overlaps(IpAddress.parseNetwork("::/0").orElseThrow())).isFalse();
    }

    @Test
    void ipv4RangesDoNotMatchIpv6WithTheSameBits() {
        IgnoreList list = list("0.0.0.0/0");
        assertThat(list.contains(ip("::1"))).isFalse();
        assertThat(list(" ::/0").contains(ip("1.2.3.4"))).isFalse();
    }

    @Test
    void manyEntriesAreAllFound() {
        List<Cidr> cidrs = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            cidrs.add(Cidr.of(IpAddress.ofIpv4(0x0A000000 + i * 3)));
            cidrs.add(Cidr.of(IpAddress.ofIpv6(0x20010db8_00000000L, i * 5L)));
        }
        IgnoreList list = IgnoreList.of(cidrs);
        assertThat(list.size()).isEqualTo(20_000);
        for (int i = 0; i < 30_000; i++) {
            assertThat(list.contains(IpAddress.ofIpv4(0x0A000000 + i))).isEqualTo(i % 3 == 0);
        }
        for (int i = 0; i < 50_000; i++) {
            assertThat(list.contains(IpAddress.ofIpv6(0x20010db8_00000000L, i))).isEqualTo(i % 5 == 0);
        }
    }

    @Test
    void sortingIsUnsignedSoHighAddressesAreFound() {
        IgnoreList list = list("10.0.0.1", "200.0.0.1", "255.255.255.255", "ffff::1", "::2", "8000::1");
        for (String a : List.of("10.0.0.1", "200.0.0.1", "255.255.255.255", "ffff::1", "::2", "8000::1")) {
            assertThat(list.contains(ip(a))).as(a).isTrue();
        }
        assertThat(list.contains(ip("7fff::1"))).isFalse();
    }

    @Test
    void unionKeepsBothAndDropsDuplicates() {
        IgnoreList a = list("127.0.0.0/8", "192.0.2.1");
        IgnoreList b = list("192.0.2.1/32", "2001:db8::/32");
        IgnoreList u = a.union(b);
        assertThat(u.size()).isEqualTo(3);
        assertThat(u.entries()).extracting(Cidr::toString)
                .containsExactly("127.0.0.0/8", "192.0.2.1/32", "2001:db8::/32");
        assertThat(u.contains(ip("2001:db8::5"))).isTrue();
        assertThat(u.contains(ip("127.0.0.2"))).isTrue();
        assertThat(a.union(IgnoreList.EMPTY)).isSameAs(a);
        assertThat(IgnoreList.EMPTY.union(b)).isSameAs(b);
        assertThat(a.size()).as("a is unchanged").isEqualTo(2);
    }

    @Test
    void equalityIgnoresOrder() {
        assertThat(list("10.0.0.0/8", "::1")).isEqualTo(list("::1", "10.1.0.0/8"));
        assertThat(list("10.0.0.0/8")).isNotEqualTo(list("10.0.0.0/9"));
    }
}
