package dev.warden.cli;

import dev.warden.core.fleet.FleetStore;
import dev.warden.core.fleet.StreamItem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three {@code warden run} and one real redis-server (issue 15's first acceptance test, in part): a ban on A,
 * from its log and by hand, is added to B's and C's fleet table within a second; an unban on A lifts it there;
 * B and C publish nothing for it; an address on C's ignore list is not applied on C.
 */
class FleetApplyIT extends WithFleetFixture {

    private DaemonFixture a;
    private DaemonFixture b;
    private DaemonFixture c;

    @BeforeEach
    void setUp() throws Exception {
        a = node("a", fleet("a") + smtpdJail("max-retry: 2", "ban-time: 2h"));
        b = node("b", fleet("b") + smtpdJail("max-retry: 2", "ban-time: 2h"));
        c = node("c", "ignore: [198.51.100.0/24]\n" + fleet("c") + smtpdJail("max-retry: 2", "ban-time: 2h"));
    }

    private static boolean within(Duration d, java.util.function.BooleanSupplier ok) throws InterruptedException {
        return DaemonProcess.await(d, ok);
    }

    @Test
    void aBanOnAIsAppliedOnBAndCWithinASecondAndItsUnbanLiftsIt() throws Exception {
        try (DaemonProcess da = a.start(); DaemonProcess db = b.start(); DaemonProcess dc = c.start()) {
            Thread.sleep(700); // B and C have caught up (nothing yet) and follow the stream
            assertThat(a.warden("ban", "smtpd", "203.0.113.5").exitCode()).isZero();
            long t0 = System.nanoTime();
            assertThat(within(Duration.ofSeconds(1), () -> fleetCalls(b).contains("-t fleet -T add 203.0.113.5")
                    && fleetCalls(c).contains("-t fleet -T add 203.0.113.5")))
                    .as("within 1 s: B %s, C %s", fleetCalls(b), fleetCalls(c)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
            for (DaemonFixture f : List.of(b, c)) {
                assertThat(f.warden("bans").stdoutLines()).singleElement().asString()
                        .startsWith("smtpd\t203.0.113.5\t").endsWith("\t0\tfleet:a");
            }
            assertThat(a.warden("bans").stdoutLines()).singleElement().asString().endsWith("\tmanual");

            a.append("maillog", DaemonFixture.thisSecond(), "smtpd[1]: auth failed from 198.51.100.7",
                    "smtpd[1]: auth failed from 198.51.100.7");
            assertThat(within(Duration.ofSeconds(5), () -> fleetCalls(b).contains("-t fleet -T add 198.51.100.7")))
                    .as("B: %s", fleetCalls(b)).isTrue();
            Thread.sleep(500);
            assertThat(fleetCalls(c)).as("C ignores 198.51.100.0/24").doesNotContain("-t fleet -T add 198.51.100.7");
            assertThat(dc.stderr()).contains("remote ban(s) of ignored addresses not applied");

            assertThat(a.warden("unban", "203.0.113.5").exitCode()).isZero();
            assertThat(within(Duration.ofSeconds(1), () -> fleetCalls(b).contains("-t fleet -T delete 203.0.113.5")
                    && fleetCalls(c).contains("-t fleet -T delete 203.0.113.5"))).isTrue();
            assertThat(fleetCalls(a)).as("no echo on A").isEmpty();
            try (FleetStore s = FleetStore.connect(redis.address(), "warden:bans", "test", 1000)) {
                assertThat(s.read("0-0", 1, 100).items()).extracting(StreamItem::entry)
                        .allSatisfy(e -> assertThat(e.node()).isEqualTo("a")).hasSize(3);
            }
            assertThat(List.of(da, db, dc)).allMatch(DaemonProcess::isAlive);
        }
    }

    @Test
    void aNodeStartedLaterCatchesUpWithTheBansInForceAndNoneThatEnded() throws Exception {
        try (DaemonProcess da = a.start()) {
            assertThat(a.warden("ban", "smtpd", "203.0.113.1", "--for", "1s").exitCode()).isZero();
            assertThat(a.warden("ban", "smtpd", "203.0.113.2").exitCode()).isZero();
            assertThat(a.warden("ban", "smtpd", "203.0.113.3").exitCode()).isZero();
            assertThat(a.warden("unban", "203.0.113.3").exitCode()).isZero();
            Thread.sleep(1500); // .1 has ended
            try (DaemonProcess db = b.start()) {
                assertThat(within(Duration.ofSeconds(5), () -> !fleetCalls(b).isEmpty())).isTrue();
                Thread.sleep(500);
                assertThat(fleetCalls(b)).containsExactly("-t fleet -T add 203.0.113.2");
            }
        }
    }

    @Test
    void bansMadeOnAWhileRedisIsDownReachBAndCAfterItsRestart() throws Exception {
        try (DaemonProcess da = a.start(); DaemonProcess db = b.start(); DaemonProcess dc = c.start()) {
            Thread.sleep(700);
            redis.kill();
            assertThat(a.warden("ban", "smtpd", "203.0.113.7").exitCode()).isZero();
            Thread.sleep(1000);
            redis.start();
            assertThat(within(Duration.ofSeconds(10), () -> fleetCalls(b).contains("-t fleet -T add 203.0.113.7")
                    && fleetCalls(c).contains("-t fleet -T add 203.0.113.7")))
                    .as("B %s, C %s", fleetCalls(b), fleetCalls(c)).isTrue();
            assertThat(List.of(da, db, dc)).allMatch(DaemonProcess::isAlive);
            for (DaemonProcess d : List.of(da, db, dc)) {
                assertThat(d.stderr()).doesNotContain("\tat ");
            }
        }
    }
}
