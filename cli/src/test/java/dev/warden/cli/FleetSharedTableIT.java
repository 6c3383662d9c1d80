package dev.warden.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: a local jail and the fleet sharing one pf table on B (the same action settings): an address banned both
 * locally and remotely stays in the table until both bans are over, whichever ends first.
 */
class FleetSharedTableIT extends WithFleetFixture {

    private DaemonFixture a;
    private DaemonFixture b;

    @BeforeEach
    void setUp() throws Exception {
        a = node("a", fleetAt(redisUrl(), "a", "fleet", "publish: [smtpd]") + smtpdJail("ban-time: 2h"));
        // the fleet's table is the jail's
        b = node("b", fleetAt(redisUrl(), "b", "bot", "publish: []") + smtpdJail("ban-time: 2h"));
    }

    /** Whether B's pf table bot, shared by the jail and the fleet, had {@code verb} (add, delete) done to {@code address}. */
    private static boolean did(DaemonFixture f, String verb, String address) {
        return count(f, "bot", verb, address) > 0;
    }

    @Test
    void theLocalBanEndingFirstLeavesTheRemoteOneInTheTableUntilItIsLifted() throws Exception {
        try (DaemonProcess da = a.start(); DaemonProcess db = b.start()) {
            Thread.sleep(700);
            assertThat(b.warden("ban", "smtpd", "203.0.113.5", "--for", "2s").exitCode()).isZero();
            assertThat(a.warden("ban", "smtpd", "203.0.113.5").exitCode()).isZero();
            assertThat(eventually(Duration.ofSeconds(5),
                    () -> db.stderr().contains("fleet: ban 203.0.113.5 from a"))).isTrue();
            // The local ban ends: the address stays, the fleet still holds it.
            assertThat(eventually(Duration.ofSeconds(6),
                    () -> db.stderr().contains("unban 203.0.113.5 (ban-time over) left in the table: a remote ban")))
                    .as(db.stderr()).isTrue();
            assertThat(did(b, "delete", "203.0.113.5")).as("%s", b.pfctlCalls()).isFalse();
            assertThat(b.warden("bans").stdoutLines()).singleElement().asString().endsWith("\tfleet:a");
            // The remote one is lifted: now it goes.
            assertThat(a.warden("unban", "203.0.113.5").exitCode()).isZero();
            assertThat(DaemonProcess.await(Duration.ofSeconds(5), () -> did(b, "delete", "203.0.113.5")))
                    .as("%s", b.pfctlCalls()).isTrue();
        }
    }

    @Test
    void theRemoteBanEndingFirstLeavesTheLocalOneInTheTableUntilItIsLifted() throws Exception {
        try (DaemonProcess da = a.start(); DaemonProcess db = b.start()) {
            Thread.sleep(700);
            assertThat(a.warden("ban", "smtpd", "198.51.100.7").exitCode()).isZero();
            assertThat(DaemonProcess.await(Duration.ofSeconds(5), () -> did(b, "add", "198.51.100.7"))).isTrue();
            assertThat(b.warden("ban", "smtpd", "198.51.100.7").exitCode()).isZero();
            assertThat(a.warden("unban", "198.51.100.7").exitCode()).isZero();
            assertThat(eventually(Duration.ofSeconds(5),
                    () -> db.stderr().contains("fleet: unban 198.51.100.7 from a (unbanned on its node) left in the"
                            + " table: a local jail still bans it"))).as(db.stderr()).isTrue();
            assertThat(did(b, "delete", "198.51.100.7")).as("%s", b.pfctlCalls()).isFalse();
            assertThat(b.warden("unban", "198.51.100.7").exitCode()).isZero();
            assertThat(did(b, "delete", "198.51.100.7")).as("%s", b.pfctlCalls()).isTrue();
        }
    }
}
