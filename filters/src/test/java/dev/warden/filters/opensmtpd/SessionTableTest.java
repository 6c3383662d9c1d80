package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.IpAddress;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionTableTest {

    private static final long HOUR = 3_600_000L;
    private static final long T0 = 1_700_000_000_000L;

    private static IpAddress v4(int n) {
        return IpAddress.ofIpv4(0xC0000200 | (n & 0xFF)); // 192.0.2.n
    }

    @Test
    void bindTouchAndRemove() {
        SessionTable t = new SessionTable(100, HOUR);
        t.bind(0x5f3e1a01c0ffee01L, 0, v4(10), T0);
        t.bind(0x5f3e1a01c0ffee01L, 1, v4(11), T0);
        assertThat(t.touch(0x5f3e1a01c0ffee01L, 0, T0)).isEqualTo(v4(10));
        assertThat(t.touch(0x5f3e1a01c0ffee01L, 1, T0)).isEqualTo(v4(11));
        assertThat(t.touch(0x5f3e1a01c0ffee02L, 0, T0)).isNull();
        t.bind(0x5f3e1a01c0ffee01L, 0, v4(12), T0);
        assertThat(t.touch(0x5f3e1a01c0ffee01L, 0, T0)).isEqualTo(v4(12));
        assertThat(t.size()).isEqualTo(2);
        t.remove(0x5f3e1a01c0ffee01L, 0);
        t.remove(0x5f3e1a01c0ffee01L, 0);
        assertThat(t.touch(0x5f3e1a01c0ffee01L, 0, T0)).isNull();
        assertThat(t.touch(0x5f3e1a01c0ffee01L, 1, T0)).isEqualTo(v4(11));
        assertThat(t.size()).isEqualTo(1);
    }

    @Test
    void agreesWithAHashMapUnderRandomBindsAndRemoves() {
        Random r = new Random(42);
        SessionTable t = new SessionTable(1 << 16, HOUR);
        Map<Long, IpAddress> model = new HashMap<>();
        for (int step = 0; step < 400_000; step++) {
            long id = r.nextInt(3000); // small key space: long probe runs, many deletions
            int host = r.nextInt(2);
            long key = id * 2 + host;
            int op = r.nextInt(3);
            if (op == 0) {
                IpAddress a = v4(r.nextInt(256));
                t.bind(id, host, a, T0);
                model.put(key, a);
            } else if (op == 1) {
                t.remove(id, host);
                model.remove(key);
            } else {
                assertThat(t.touch(id, host, T0)).isEqualTo(model.get(key));
            }
            assertThat(t.size()).isEqualTo(model.size());
        }
    }

    @Test
    void forgetsASessionIdleLongerThanTheTimeout() {
        SessionTable t = new SessionTable(100, HOUR);
        t.bind(1, 0, v4(1), T0);
        t.bind(2, 0, v4(2), T0);
        assertThat(t.touch(2, 0, T0 + HOUR - 1)).isEqualTo(v4(2)); // touching keeps it alive
        assertThat(t.touch(1, 0, T0 + HOUR + 1)).isNull();
        assertThat(t.touch(2, 0, T0 + 2 * HOUR - 1)).isEqualTo(v4(2));
        assertThat(t.size()).isEqualTo(1);
    }

    @Test
    void sweepsIdleSessionsByLogTime() {
        SessionTable t = new SessionTable(100_000, HOUR);
        for (int i = 0; i < 50_000; i++) {
            t.bind(i, 0, v4(i), T0 + i);
        }
        t.advance(T0 + HOUR + 25_000);
        assertThat(t.size()).isEqualTo(50_000 - 25_000);
        t.advance(T0 + HOUR + 25_000 + SessionTable.SWEEP_INTERVAL_MILLIS - 1); // not due yet
        assertThat(t.size()).isEqualTo(25_000);
        t.advance(T0 + 2 * HOUR + SessionTable.SWEEP_INTERVAL_MILLIS);
        assertThat(t.size()).isZero();
    }

    @Test
    void aMillionConnectsWithoutDisconnectStayAtTheCap() {
        int cap = 65_536;
        SessionTable t = new SessionTable(cap, HOUR);
        for (int i = 0; i < 1_000_000; i++) {
            t.bind(0x5f3e000000000000L + i, 0, v4(i), T0 + i / 100);
            assertThat(t.size()).isLessThanOrEqualTo(cap);
        }
        assertThat(t.capacity()).isLessThanOrEqualTo(2 * cap);
        assertThat(t.size()).isGreaterThan(cap - cap / 8 - 1);
        assertThat(t.touch(0x5f3e000000000000L + 999_999, 0, T0 + 10_000)).isEqualTo(v4(999_999));
        assertThat(t.touch(0x5f3e000000000000L, 0, T0 + 10_000)).isNull(); // least recently seen: gone
    }

    @Test
    void evictsTheLeastRecentlySeenFirst() {
        SessionTable t = new SessionTable(8, HOUR);
        for (int i = 0; i < 8; i++) {
            t.bind(i, 0, v4(i), T0 + i);
        }
        t.touch(0, 0, T0 + 100); // session 0 is now the most recent, session 1 the oldest
        t.bind(8, 0, v4(8), T0 + 101);
        assertThat(t.size()).isEqualTo(8);
        assertThat(t.touch(1, 0, T0 + 102)).isNull();
        assertThat(t.touch(0, 0, T0 + 102)).isEqualTo(v4(0));
        assertThat(t.touch(8, 0, T0 + 102)).isEqualTo(v4(8));
    }

    @Test
    void staysBoundedWhenEverySessionHasTheSameTime() {
        SessionTable t = new SessionTable(1000, HOUR);
        for (int i = 0; i < 100_000; i++) {
            t.bind(i, 0, v4(i), T0);
        }
        assertThat(t.size()).isBetween(1000 - 125, 1000);
        assertThat(t.touch(99_999, 0, T0)).isEqualTo(v4(99_999));
    }

    @Test
    void logTimeGoingBackDoesNotStopTheSweeps() {
        SessionTable t = new SessionTable(100, HOUR);
        t.advance(T0 + 365L * 24 * HOUR); // a bad year guess far ahead
        t.bind(1, 0, v4(1), T0);
        t.advance(T0 + 2 * HOUR);
        assertThat(t.size()).isZero();
    }

    @Test
    void flagsFollowTheirSessionThroughGrowthShiftsAndEviction() {
        Random r = new Random(7);
        SessionTable t = new SessionTable(2000, HOUR);
        Map<Long, Integer> model = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            long id = r.nextInt(3000);
            int op = r.nextInt(4);
            if (op == 0) {
                t.bind(id, 0, v4((int) id), T0);
                model.put(id, 0);
            } else if (op == 1) {
                int slot = t.lookup(id, 0, T0);
                assertThat(slot >= 0).isEqualTo(model.containsKey(id));
                if (slot >= 0) {
                    assertThat(t.flagsAt(slot)).isEqualTo(model.get(id));
                    assertThat(t.addressAt(slot)).isEqualTo(v4((int) id));
                    t.markAt(slot, SessionTable.ACTIVE);
                    model.put(id, SessionTable.ACTIVE);
                }
            } else if (op == 2) {
                int slot = t.lookup(id, 0, T0);
                if (slot >= 0) {
                    t.removeAt(slot);
                }
                model.remove(id);
            } else {
                assertThat(t.touch(id, 0, T0)).isEqualTo(model.containsKey(id) ? v4((int) id) : null);
            }
            assertThat(t.size()).isEqualTo(model.size());
        }
        SessionTable small = new SessionTable(8, HOUR);
        for (int i = 0; i < 8; i++) {
            small.bind(i, 0, v4(i), T0 + i);
            small.markAt(small.lookup(i, 0, T0 + i), i % 2 == 0 ? SessionTable.ACTIVE : 0);
        }
        small.bind(8, 0, v4(8), T0 + 8); // evicts session 0, rebuilding the arrays
        assertThat(small.lookup(0, 0, T0 + 8)).isNegative();
        for (int i = 1; i < 9; i++) {
            assertThat(small.flagsAt(small.lookup(i, 0, T0 + 9))).as("session %d", i)
                    .isEqualTo(i % 2 == 0 && i < 8 ? SessionTable.ACTIVE : 0);
        }
    }

    @Test
    void lookupForgetsAnIdleSessionAndDoesNotMarkItSeen() {
        SessionTable t = new SessionTable(100, HOUR);
        t.bind(1, 0, v4(1), T0);
        assertThat(t.lookup(1, 0, T0 + HOUR - 1)).isNotNegative();
        assertThat(t.lookup(1, 0, T0 + HOUR + 1)).as("lookup at 59m did not refresh it").isNegative();
        assertThat(t.size()).isZero();
        t.bind(2, 0, v4(2), T0);
        assertThat(t.touch(2, 0, T0 + 10, SessionTable.ACTIVE)).isEqualTo(v4(2));
        assertThat(t.flagsAt(t.lookup(2, 0, T0 + 10))).isEqualTo(SessionTable.ACTIVE);
        t.bind(2, 0, v4(3), T0 + 20);
        assertThat(t.flagsAt(t.lookup(2, 0, T0 + 20))).as("a new connect starts without flags").isZero();
    }

    @Test
    void entriesLeaveOutSessionsIdleAtTheLatestLogTimeAndRestorePutsThemBack() {
        SessionTable t = new SessionTable(100, HOUR);
        t.bind(1, 0, v4(1), T0);
        t.bind(2, 3, v4(2), T0 + HOUR);
        t.markAt(t.lookup(2, 3, T0 + HOUR), SessionTable.ACTIVE);
        t.advance(T0 + HOUR + 1);
        assertThat(t.entries()).containsExactly(new SessionTable.Entry(2, 3, v4(2), T0 + HOUR, SessionTable.ACTIVE));

        SessionTable u = new SessionTable(100, HOUR);
        t.entries().forEach(u::restore);
        int slot = u.lookup(2, 3, T0 + HOUR + 5);
        assertThat(u.addressAt(slot)).isEqualTo(v4(2));
        assertThat(u.flagsAt(slot)).isEqualTo(SessionTable.ACTIVE);
        assertThat(u.lookup(2, 3, T0 + 2 * HOUR + 1)).as("still idles out from its saved time").isNegative();
    }

    @Test
    void rejectsUnusableBounds() {
        assertThatThrownBy(() -> new SessionTable(0, HOUR)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SessionTable(10, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
