package dev.warden.core.fleet;

import dev.warden.core.spi.IpAddress;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** An entry goes through the stream's fields and back unchanged, a ban of a network (ipv6-prefix) included. */
class FleetEntryTest {

    private static final Instant T = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void addressesAndNetworksRoundTrip() {
        for (String a : new String[] {"192.0.2.7", "2001:db8::1", "2001:db8:1:2::/64", "198.51.100.0/24"}) {
            FleetEntry e = new FleetEntry(FleetEntry.Op.BAN, IpAddress.parseNetwork(a).orElseThrow(), "smtpd", "mx1",
                    T, T.plusSeconds(3600), 4);
            assertThat(FleetEntry.of(e.fields())).as(a).hasValue(e);
            assertThat(FleetEntry.of(e.fields()).orElseThrow().address().toString()).isEqualTo(a);
        }
    }

    @Test
    void anEntryNamingAJailOrNodeThatCouldNotBeConfiguredIsSkipped() {
        FleetEntry e = new FleetEntry(FleetEntry.Op.BAN, IpAddress.parse("192.0.2.7").orElseThrow(), "smtpd", "mx1",
                java.time.Instant.EPOCH, java.time.Instant.EPOCH.plusSeconds(60), 3);
        assertThat(FleetEntry.of(e.fields())).contains(e);
        for (String[] bad : new String[][] {{"jail", "smtpd auth"}, {"jail", "-x"}, {"jail", "x".repeat(65)},
                {"node", "mx1\nINFO forged"}, {"node", "a/b"}, {"node", ""}}) {
            java.util.Map<String, String> f = new java.util.LinkedHashMap<>(e.fields());
            f.put(bad[0], bad[1]);
            assertThat(FleetEntry.of(f)).as("%s %s", bad[0], bad[1]).isEmpty();
        }
    }
}
