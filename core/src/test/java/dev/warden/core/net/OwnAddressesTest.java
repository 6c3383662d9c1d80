package dev.warden.core.net;

import dev.warden.core.spi.IpAddress;
import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;

class OwnAddressesTest {

    private static IpAddress ip(String text) {
        return IpAddress.parse(text).orElseThrow();
    }

    @Test
    void loopbackIsAlwaysSparedAndNothingElseByIt() {
        assertThat(OwnAddresses.LOOPBACK.contains(ip("127.0.0.1"))).isTrue();
        assertThat(OwnAddresses.LOOPBACK.contains(ip("127.255.255.254"))).isTrue();
        assertThat(OwnAddresses.LOOPBACK.contains(ip("::1"))).isTrue();
        assertThat(OwnAddresses.LOOPBACK.contains(ip("::ffff:127.0.0.2"))).isTrue();
        assertThat(OwnAddresses.LOOPBACK.contains(ip("128.0.0.1"))).isFalse();
        assertThat(OwnAddresses.LOOPBACK.contains(ip("::2"))).isFalse();
    }

    @Test
    void everyInterfaceAddressTheSystemListsIsSpared() throws Exception {
        IgnoreList own = OwnAddresses.current();
        int seen = 0;
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                String text = a.getHostAddress().replaceFirst("%.*$", "");
                assertThat(own.contains(ip(text))).as("%s of %s", text, nif.getName()).isTrue();
                seen++;
            }
        }
        assertThat(seen).as("at least loopback is listed").isPositive();
        assertThat(own.contains(ip("198.51.100.254"))).as("documentation address, on no interface here").isFalse();
    }

    @Test
    void aScopedLinkLocalAddressLosesItsScopeAndAMappedOneBecomesIpv4() throws Exception {
        InetAddress scoped = Inet6Address.getByAddress(null, InetAddress.getByName("fe80::fc:ff:fe00:1").getAddress(), 2);
        assertThat(OwnAddresses.of(scoped)).isEqualTo(ip("fe80::fc:ff:fe00:1"));
        assertThat(OwnAddresses.of(InetAddress.getByName("192.0.2.2"))).isEqualTo(ip("192.0.2.2"));
        assertThat(OwnAddresses.of(InetAddress.getByName("2001:db8::7"))).isEqualTo(ip("2001:db8::7"));
    }
}
