package dev.warden.core.state;

import dev.warden.core.log.FileIdentity;
import dev.warden.core.log.FilePosition;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.IpAddress;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Sample states for the tests. */
final class States {

    private States() {
    }

    static IpAddress ip(String text) {
        return IpAddress.parseNetwork(text).orElseThrow();
    }

    /** IPv4 and IPv6 bans of both origins, counts in two jails, positions with spaces and odd characters in paths. */
    static WardenState rich() {
        Instant t = Instant.parse("2026-11-07T10:15:30Z");
        return WardenState.of(
                List.of(new Ban("smtpd-auth", ip("192.0.2.7"), t, t.plusSeconds(5 * 86400), 11, Ban.Origin.AUTOMATIC),
                        new Ban("sshd", ip("2001:db8::1:0:0:1"), t.plusNanos(123_456_789), t.plusSeconds(3600), 5,
                                Ban.Origin.AUTOMATIC),
                        new Ban("manual.jail_1", ip("::ffff:198.51.100.9"), t, t.plusSeconds(86400 * 365L), 0,
                                Ban.Origin.MANUAL)),
                Map.of("smtpd-auth", Map.of(ip("192.0.2.7"), new BanCount(3, t.plusSeconds(5 * 86400)),
                                ip("203.0.113.200"), new BanCount(1, t.minusNanos(1_000_000))),
                        "sshd", Map.of(ip("2001:db8::1:0:0:1"), new BanCount(7, null))),
                List.of(new JailFile("smtpd-auth", new FilePosition(Path.of("/var/log/maillog"),
                                new FileIdentity(2049, 131075), 123_456_789L, 0x9f3c_0000_1234_abcdL, 256)),
                        new JailFile("sshd", new FilePosition(Path.of("/var/log/my logs/mail log "),
                                new FileIdentity(-1, 42), 0, 0, 0)),
                        new JailFile("manual.jail_1", new FilePosition(Path.of("/tmp/odd\\name\nwith newline é"),
                                FileIdentity.UNKNOWN, 7, 0xffff_ffff_ffff_ffffL, 12))));
    }

    /** {@link #rich()} with failures being counted: IPv4 and IPv6, equal times, one time, two jails. */
    static WardenState tracking() {
        return rich().withFailures(List.of(
                new TrackedFailures("sshd", ip("2001:db8::1:0:0:1"), new long[] {1762510530000L, 1762510530000L,
                        1762510531000L}),
                new TrackedFailures("smtpd-auth", ip("192.0.2.7"), new long[] {1762510530123L}),
                new TrackedFailures("sshd", ip("192.0.2.7"), new long[] {0L, 1L, 2L, Long.MAX_VALUE})));
    }

    /** A state that is a pure function of {@code counter}, of a realistic size (many bans). */
    static WardenState numbered(long counter) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(counter);
        WardenState s = WardenState.empty();
        List<Ban> bans = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            bans.add(new Ban("jail" + (i % 3), IpAddress.ofIpv4(0x0a000000 + i), t, t.plusSeconds(600), i,
                    i % 2 == 0 ? Ban.Origin.AUTOMATIC : Ban.Origin.MANUAL));
        }
        return s.withBans(bans)
                .withBanCount("counter", ip("192.0.2.1"), (int) counter)
                .withFile(new JailFile("counter", new FilePosition(Path.of("/var/log/counter log"),
                        new FileIdentity(1, counter), counter, counter, 0)));
    }

    /** The {@code n}th ban of a journaling run: a distinct address per {@code n}. */
    static Ban journaled(int n) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n);
        return new Ban("journal", IpAddress.ofIpv4(0x0a000000 + n), t, t.plusSeconds(3600), n, Ban.Origin.AUTOMATIC);
    }
}
