package dev.warden.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: {@code warden status} and {@code warden metrics} show the fleet (docs/operations.md): connected or
 * not, the node, the last entry applied, and what was published, applied, ignored; Redis killed shows as not
 * connected, with the reason, and the bans made meanwhile as waiting.
 */
class FleetStatusIT extends WithFleetFixture {

    private DaemonFixture a;
    private DaemonFixture b;

    @BeforeEach
    void setUp() throws Exception {
        a = node("a", fleet("a") + smtpdJail());
        b = node("b", "ignore: [198.51.100.0/24]\n" + fleet("b") + smtpdJail());
    }

    private static String status(DaemonFixture f) throws Exception {
        WardenProcess.Result r = f.warden("status");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r.stdout();
    }

    @Test
    void statusAndMetricsShowTheFleet() throws Exception {
        try (DaemonProcess da = a.start(); DaemonProcess db = b.start()) {
            Thread.sleep(700);
            assertThat(a.warden("ban", "smtpd", "203.0.113.5").exitCode()).isZero();
            assertThat(a.warden("ban", "smtpd", "198.51.100.7").exitCode()).isZero(); // ignored on B
            assertThat(eventually(() -> status(b).contains("applied:          2 entries from other nodes")))
                    .as(status(b)).isTrue();
            assertThat(status(b)).contains("\nfleet (node b, stream warden:bans at redis://127.0.0.1:" + redis.port()
                            + "/0):\n")
                    .contains("\n  connected:        yes\n").containsPattern("\n  last applied:     \\d+-\\d+ \\(lag \\d+\\.\\d s\\)\n")
                    .contains("\n  published:        0 (0 waiting, 0 dropped)\n")
                    .contains("\n  remote bans held: 1 (1 ignored, 0 over the cap)\n");
            assertThat(status(a)).contains("\n  published:        2 (0 waiting, 0 dropped)\n")
                    .contains("\n  last applied:     ");
            assertThat(eventually(() -> b.warden("metrics").stdout().contains("warden_fleet_applied_total 2.0\n")))
                    .isTrue();
            assertThat(b.warden("metrics").stdout()).contains("warden_fleet_connected 1.0\n")
                    .contains("warden_fleet_remote_bans 1.0\n").contains("warden_fleet_ignored_total 1.0\n")
                    .contains("warden_fleet_over_cap_total 0.0\n").contains("warden_fleet_lag_seconds ");
            assertThat(a.warden("metrics").stdout()).contains("warden_fleet_published_total 2.0\n");
            assertThat(b.awaitStatus("\"fleet\":{\"node\":\"b\"", "\"applied\":2", "\"remoteBans\":1",
                    "\"ignored\":1", "\"connected\":true")).contains("\"lastApplied\":\"");

            redis.kill();
            assertThat(a.warden("ban", "smtpd", "203.0.113.6").exitCode()).isZero();
            assertThat(eventually(() -> status(a).contains("\n  connected:        no (")))
                    .as(status(a)).isTrue();
            assertThat(status(a)).contains("\n  published:        2 (1 waiting, 0 dropped)\n");
            assertThat(eventually(() -> status(b).contains("\n  connected:        no (reading: not connected)\n")))
                    .as(status(b)).isTrue();
            assertThat(eventually(() -> a.warden("metrics").stdout().contains("warden_fleet_connected 0.0\n")
                    && a.warden("metrics").stdout().contains("warden_fleet_waiting 1.0\n"))).isTrue();
        }
    }

    @Test
    void withoutAFleetStatusHasNoFleetPartAndNoFleetMetrics() throws Exception {
        DaemonFixture plain = node("plain", smtpdJail());
        try (DaemonProcess d = plain.start()) {
            assertThat(plain.warden("status").stdout()).startsWith("smtpd:").doesNotContain("fleet");
            assertThat(plain.warden("status", "--json").stdout()).doesNotContain("fleet");
            assertThat(plain.warden("metrics").stdout()).contains("warden_bans_total").doesNotContain("warden_fleet");
        }
    }
}
