package dev.warden.core.spi;

import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Random addresses in every textual form parse to the same 128 bits, and canonical text round-trips. */
class IpAddressRoundTripTest {

    @Test
    void randomIpv6InManyFormsParsesToTheSameBits() throws Exception {
        Random rnd = new Random(11);
        for (int n = 0; n < 20_000; n++) {
            byte[] raw = new byte[16];
            rnd.nextBytes(raw);
            // runs of zero groups of random length and place, so "::" lands everywhere
            int zeroFrom = rnd.nextInt(8);
            int zeroLen = rnd.nextInt(9 - zeroFrom);
            for (int g = zeroFrom; g < zeroFrom + zeroLen; g++) {
                raw[2 * g] = 0;
                raw[2 * g + 1] = 0;
            }
            if (raw[0] == 0 && raw[1] == 0 && raw[2] == 0 && raw[3] == 0 && raw[4] == 0 && raw[5] == 0
                    && raw[6] == 0 && raw[7] == 0 && raw[8] == 0 && raw[9] == 0 && raw[10] == (byte) 0xFF
                    && raw[11] == (byte) 0xFF) {
                continue; // IPv4-mapped: normalized to IPv4, tested elsewhere
            }
            Inet6Address jdk = (Inet6Address) InetAddress.getByAddress(raw);
            String full = jdk.getHostAddress(); // 8 groups, no compression
            IpAddress a = IpAddress.parse(full).orElseThrow(() -> new AssertionError(full));
            IpAddress upper = IpAddress.parse(full.toUpperCase()).orElseThrow();
            IpAddress canonical = IpAddress.parse(a.toString()).orElseThrow(() -> new AssertionError(a.toString()));
            assertThat(upper).isEqualTo(a);
            assertThat(canonical).isEqualTo(a);
            assertThat(InetAddress.getByName(a.toString()).getAddress()).as(full).isEqualTo(raw);
            String dotted = full.substring(0, full.lastIndexOf(':', full.lastIndexOf(':') - 1) + 1)
                    + (raw[12] & 0xFF) + "." + (raw[13] & 0xFF) + "." + (raw[14] & 0xFF) + "." + (raw[15] & 0xFF);
            assertThat(IpAddress.parse(dotted)).as(dotted).contains(a);
        }
    }
}
