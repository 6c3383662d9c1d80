package dev.warden.core.fleet;

import dev.warden.core.spi.IpAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The publishing and following threads against a real redis-server, killed with SIGKILL and restarted. */
class FleetThreadsTest {

    private static final Instant T = Instant.parse("2026-12-06T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T, ZoneOffset.UTC);

    @TempDir
    Path dir;
    private RedisServer redis;
    private final BlockingQueue<FleetFollower.Delivery> onB = new LinkedBlockingQueue<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.start(dir);
    }

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    private Supplier<FleetStore> connect(String node) {
        return () -> FleetStore.connect(redis.address(), "warden:bans", node, 1000);
    }

    private static FleetEntry ban(String address, String node) {
        return new FleetEntry(FleetEntry.Op.BAN, IpAddress.parse(address).orElseThrow(), "sshd", node, T,
                T.plusSeconds(600), 5);
    }

    /** The entries delivered to B until {@code n} arrived or 5 s passed. */
    private List<FleetEntry> deliveredToB(int n) throws InterruptedException {
        List<FleetEntry> got = new java.util.ArrayList<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (got.size() < n && System.nanoTime() < until) {
            FleetFollower.Delivery d = onB.poll(100, TimeUnit.MILLISECONDS);
            if (d != null) {
                got.addAll(d.entries());
            }
        }
        return got;
    }

    @Test
    void aBanPublishedOnAReachesBAndNotA() throws Exception {
        BlockingQueue<FleetFollower.Delivery> onA = new LinkedBlockingQueue<>();
        try (FleetPublisher a = new FleetPublisher(connect("a"), java.time.Clock.systemUTC(), 100).start();
             FleetFollower followA = new FleetFollower(connect("a"), "a", CLOCK, Optional.empty(), onA::add).start();
             FleetFollower followB = new FleetFollower(connect("b"), "b", CLOCK, Optional.empty(), onB::add).start()) {
            FleetFollower.Delivery first = onB.poll(5, TimeUnit.SECONDS);
            assertThat(first.catchUp()).isTrue();
            assertThat(first.entries()).isEmpty();
            long t0 = System.nanoTime();
            a.publish(ban("192.0.2.1", "a"));
            assertThat(deliveredToB(1)).containsExactly(ban("192.0.2.1", "a"));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
            Thread.sleep(600);
            assertThat(onA).allSatisfy(d -> assertThat(d.entries()).isEmpty()); // no echo
            assertThat(followB.position()).isEqualTo(followA.position());
            assertThat(statsWithin(a, Duration.ofSeconds(5), new FleetPublisher.Stats(true, 0, 1, 0, null)))
                    .isEqualTo(new FleetPublisher.Stats(true, 0, 1, 0, null));
        }
    }

    @Test
    void bansMadeWhileRedisIsDownWaitAndAreSentAfterItsRestart() throws Exception {
        try (FleetPublisher a = new FleetPublisher(connect("a"), java.time.Clock.systemUTC(), 100).start();
             FleetFollower b = new FleetFollower(connect("b"), "b", CLOCK, Optional.empty(), onB::add).start()) {
            assertThat(onB.poll(5, TimeUnit.SECONDS).catchUp()).isTrue();
            a.publish(ban("192.0.2.1", "a"));
            assertThat(deliveredToB(1)).hasSize(1);
            // B can read the entry before A's thread has its reply; killed then, A would (rightly) send it again.
            assertThat(statsWithin(a, Duration.ofSeconds(5), new FleetPublisher.Stats(true, 0, 1, 0, null)))
                    .isEqualTo(new FleetPublisher.Stats(true, 0, 1, 0, null));
            redis.kill();
            a.publish(ban("192.0.2.2", "a"));
            a.publish(ban("192.0.2.3", "a"));
            Thread.sleep(500);
            assertThat(a.stats().connected()).isFalse();
            assertThat(a.waiting()).hasSize(2);
            assertThat(b.connected()).isFalse();
            redis.start(); // empty: its first id is after B's position, which B takes for a trim and catches up
            assertThat(deliveredToB(2)).containsExactlyInAnyOrder(ban("192.0.2.2", "a"), ban("192.0.2.3", "a"));
            // B can read the last entry before A's thread, back from the write, has counted it as sent.
            assertThat(statsWithin(a, Duration.ofSeconds(5), new FleetPublisher.Stats(true, 0, 3, 0, null)))
                    .isEqualTo(new FleetPublisher.Stats(true, 0, 3, 0, null));
            assertThat(b.connected()).isTrue();
        }
    }

    /** {@code a}'s stats once they equal {@code expected}, or the last ones seen within {@code timeout}. */
    private static FleetPublisher.Stats statsWithin(FleetPublisher a, Duration timeout, FleetPublisher.Stats expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        FleetPublisher.Stats s = a.stats();
        while (!s.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            s = a.stats();
        }
        return s;
    }

    @Test
    void theQueueIsBoundedTheOldestDroppedAndCounted() throws Exception {
        redis.kill();
        try (FleetPublisher a = new FleetPublisher(connect("a"), java.time.Clock.systemUTC(), 2).start()) {
            a.publish(ban("192.0.2.1", "a"));
            a.publish(ban("192.0.2.2", "a"));
            a.publish(ban("192.0.2.3", "a"));
            assertThat(a.waiting()).containsExactly(ban("192.0.2.2", "a"), ban("192.0.2.3", "a"));
            assertThat(a.stats().dropped()).isEqualTo(1);
        }
    }

    @Test
    void aFollowerResumesAfterTheLastIdItAppliedAndCatchesUpWhenItHasNone() throws Exception {
        String afterFirst;
        try (FleetStore a = connect("a").get()) {
            afterFirst = a.append(ban("192.0.2.1", "a"));
            a.append(ban("192.0.2.2", "a"));
            a.append(new FleetEntry(FleetEntry.Op.UNBAN, ban("192.0.2.1", "a").address(), "sshd", "a", T,
                    T.plusSeconds(600), 5));
        }
        try (FleetFollower b = new FleetFollower(connect("b"), "b", CLOCK, Optional.of(afterFirst), onB::add).start()) {
            FleetFollower.Delivery d = onB.poll(5, TimeUnit.SECONDS);
            assertThat(d.catchUp()).isFalse();
            assertThat(d.entries()).extracting(e -> e.op() + " " + e.address())
                    .containsExactly("BAN 192.0.2.2", "UNBAN 192.0.2.1");
        }
        try (FleetFollower c = new FleetFollower(connect("c"), "c", CLOCK, Optional.empty(), onB::add).start()) {
            FleetFollower.Delivery d = onB.poll(5, TimeUnit.SECONDS);
            assertThat(d.catchUp()).isTrue();
            assertThat(d.entries()).containsExactly(ban("192.0.2.2", "a"));
        }
    }
}
