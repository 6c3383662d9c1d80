package dev.warden.core.fleet;

import dev.warden.core.spi.IpAddress;
import org.junit.jupiter.api.AfterEach;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The stream and the bans in force, against a real redis-server. */
class FleetStoreTest {

    private static final Instant T = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path dir;
    private RedisServer redis;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServer.start(dir);
    }

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    private static FleetEntry ban(String address, String node, Instant end) {
        return new FleetEntry(FleetEntry.Op.BAN, IpAddress.parse(address).orElseThrow(), "sshd", node, T, end, 5);
    }

    @Test
    void entriesAreReadInOrderAfterAnIdAndTheBansInForceFollowBansAndUnbans() {
        try (FleetStore a = FleetStore.connect(redis.address(), "warden:bans", "a", 2000);
             FleetStore b = FleetStore.connect(redis.address(), "warden:bans", "b", 2000)) {
            assertThat(b.lastId()).isEqualTo("0-0");
            assertThat(b.read("0-0", 10, 100).items()).isEmpty();
            FleetEntry one = ban("192.0.2.1", "a", T.plusSeconds(600));
            FleetEntry two = ban("2001:db8::1", "a", T.plusSeconds(60));
            String id1 = a.append(one);
            a.append(two);
            FleetStore.Batch all = b.read("0-0", 10, 100);
            assertThat(all.items()).extracting(StreamItem::entry).containsExactly(one, two);
            assertThat(all.items().get(0).id()).isEqualTo(id1);
            assertThat(b.read(id1, 10, 100).items()).extracting(StreamItem::entry).containsExactly(two);
            assertThat(b.read(all.lastId(), 10, 100).lastId()).isEqualTo(all.lastId());
            assertThat(b.firstId()).contains(id1);
            assertThat(b.lastId()).isEqualTo(all.lastId());

            assertThat(b.inForce(T)).containsExactlyInAnyOrder(one, two);
            assertThat(b.inForce(T.plusSeconds(60))).containsExactly(one);
            a.append(new FleetEntry(FleetEntry.Op.UNBAN, one.address(), "sshd", "a", T, one.end(), 5));
            assertThat(b.inForce(T)).isEmpty();
        }
    }

    @Test
    void aMalformedEntryIsSkippedAndCountedNotFatal() {
        try (FleetStore a = FleetStore.connect(redis.address(), "s", "a", 2000);
             Jedis raw = new Jedis("127.0.0.1", redis.port())) {
            raw.xadd("s", StreamEntryID.NEW_ENTRY, Map.of("v", "9", "op", "ban"));
            a.append(ban("192.0.2.9", "a", T.plusSeconds(1)));
            FleetStore.Batch batch = a.read("0-0", 10, 100);
            assertThat(batch.malformed()).isEqualTo(1);
            assertThat(batch.items()).hasSize(1);
        }
    }

    @Test
    void anEntryOnOneLineReadsBackAndAnythingElseIsEmpty() {
        FleetEntry e = ban("2001:db8::7", "mx-1.a", T.plusSeconds(5));
        assertThat(FleetEntry.ofLine(e.line())).contains(e);
        assertThat(FleetEntry.of(e.fields())).contains(e);
        assertThat(FleetEntry.ofLine("1 ban 192.0.2.1 sshd a 10 5 0")).isEmpty(); // end before start
        assertThat(FleetEntry.ofLine("1 ban nonsense sshd a 1 5 0")).isEmpty();
        assertThat(FleetEntry.ofLine("")).isEmpty();
    }

    @Test
    void trimmingByAgeDropsTheEntriesOlderThanADayBeforeTheEarliestBanInForceAndKeepsTheRest() {
        try (FleetStore a = FleetStore.connect(redis.address(), "s", "a", 2000);
             Jedis raw = new Jedis("127.0.0.1", redis.port())) {
            Instant now = Instant.now();
            Map<String, String> old = ban("192.0.2.1", "a", T.plusSeconds(1)).fields();
            raw.xadd("s", new StreamEntryID(now.minus(java.time.Duration.ofDays(3)).toEpochMilli(), 0), old);
            String keptId = now.minus(java.time.Duration.ofHours(30)).toEpochMilli() + "-0";
            raw.xadd("s", new StreamEntryID(keptId), old);
            FleetEntry inForce = new FleetEntry(FleetEntry.Op.BAN, IpAddress.parse("192.0.2.2").orElseThrow(), "sshd",
                    "a", now.minus(java.time.Duration.ofHours(8)), now.plusSeconds(3600), 5);
            a.append(inForce);
            a.append(ban("192.0.2.3", "a", now.minusSeconds(1))); // ended: leaves the bans in force first
            assertThat(a.trim(now)).isEqualTo(inForce.start().minus(FleetStore.KEEP).toEpochMilli() + "-0");
            assertThat(a.firstId()).contains(keptId);
            assertThat(a.read("0-0", 1, 100).items()).hasSize(3);
            assertThat(raw.zcard("s:in-force:starts")).isEqualTo(1);

            a.append(new FleetEntry(FleetEntry.Op.UNBAN, inForce.address(), "sshd", "a", inForce.start(), inForce.end(), 5));
            assertThat(a.trim(now)).as("nothing in force: a day before now")
                    .isEqualTo(now.minus(FleetStore.KEEP).toEpochMilli() + "-0");
            assertThat(a.read("0-0", 1, 100).items()).extracting(i -> i.entry().address().toString())
                    .containsExactly("192.0.2.2", "192.0.2.3", "192.0.2.2");
        }
    }

    @Test
    void bansInForceWrittenBeforeTheStartsWereKeptAreIndexedAtTheFirstTrim() {
        try (FleetStore a = FleetStore.connect(redis.address(), "s", "a", 2000);
             Jedis raw = new Jedis("127.0.0.1", redis.port())) {
            Instant now = Instant.now();
            FleetEntry e = new FleetEntry(FleetEntry.Op.BAN, IpAddress.parse("192.0.2.2").orElseThrow(), "sshd", "a",
                    now.minus(java.time.Duration.ofDays(10)), now.plusSeconds(3600), 5);
            a.append(e);
            raw.del("s:in-force:starts"); // as the first part of issue 15 left it
            assertThat(a.trim(now)).isEqualTo(e.start().minus(FleetStore.KEEP).toEpochMilli() + "-0");
            assertThat(a.read("0-0", 1, 100).items()).hasSize(1);
        }
    }
}
