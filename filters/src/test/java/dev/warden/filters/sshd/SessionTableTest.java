package dev.warden.filters.sshd;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Session state stays bounded: by count and by log-time idleness, and evicted sessions are handed back. */
class SessionTableTest {

    private final List<Long> evicted = new ArrayList<>();

    /** What the correlator does for a line that opens a session: the pid's live session, or a new one. */
    private static Session open(SessionTable table, long pid, long nowMillis, Consumer<Session> onEvict) {
        Session s = table.find(pid, nowMillis, onEvict);
        return s != null ? s : table.create(pid, nowMillis, onEvict);
    }

    @Test
    void capacityEvictsTheLeastRecentlySeen() {
        SessionTable table = new SessionTable(2, 60_000);
        open(table, 1, 0, s -> evicted.add(s.pid));
        open(table, 2, 1, s -> evicted.add(s.pid));
        open(table, 1, 2, s -> evicted.add(s.pid));
        open(table, 3, 3, s -> evicted.add(s.pid));
        assertThat(evicted).containsExactly(2L);
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void idleSessionsExpireByLogTime() {
        SessionTable table = new SessionTable(100, 1_000);
        open(table, 1, 0, s -> evicted.add(s.pid));
        open(table, 2, 500, s -> evicted.add(s.pid));
        assertThat(table.find(9, 1_400, s -> evicted.add(s.pid))).isNull();
        assertThat(evicted).containsExactly(1L);
        assertThat(table.find(2, 1_400, s -> evicted.add(s.pid))).isNotNull();
    }

    /**
     * A session is never used after its idle gap, even when the table's order does not show it: pid 2 was
     * seen after pid 1 but with an older log time (another file, a clock step back).
     */
    @Test
    void aSessionIdleForLongerThanTheGapIsNeverFoundWhateverTheOrder() {
        SessionTable table = new SessionTable(100, 1_000);
        open(table, 1, 5_000, s -> evicted.add(s.pid));
        open(table, 2, 100, s -> evicted.add(s.pid));
        assertThat(table.find(2, 2_000, s -> evicted.add(s.pid))).isNull();
        assertThat(evicted).containsExactly(2L);
        assertThat(open(table, 2, 2_000, s -> evicted.add(s.pid)).lastSeenMillis).isEqualTo(2_000);
        assertThat(table.find(1, 2_000, s -> evicted.add(s.pid))).isNotNull();
    }

    @Test
    void manyPidsNeverGrowPastCapacity() {
        SessionTable table = new SessionTable(SshdFilterFactory.SESSION_CAPACITY, 600_000);
        for (long pid = 0; pid < 50_000; pid++) {
            open(table, pid, pid, s -> { });
        }
        assertThat(table.size()).isEqualTo(SshdFilterFactory.SESSION_CAPACITY);
    }

    @Test
    void restoreAddsAsMostRecentlySeenStaysWithinCapacityAndListingKeepsTheOrder() {
        SessionTable table = new SessionTable(2, 60_000);
        table.restore(new Session(1, 0));
        table.restore(new Session(2, 0));
        table.restore(new Session(3, 0));
        assertThat(table.sessions()).extracting(s -> s.pid).containsExactly(2L, 3L);
        assertThat(table.sessions()).extracting(s -> s.pid).as("listing is no access").containsExactly(2L, 3L);
        open(table, 4, 1, s -> evicted.add(s.pid));
        assertThat(evicted).containsExactly(2L);
    }

    /**
     * The table against the {@code LinkedHashMap} in access order it replaced, on random finds, creates,
     * removes and restores over few pids (long probe runs, deletions inside them, growth, clock steps
     * back): the same sessions found, the same evicted in the same order, the same listing.
     */
    @Test
    void behavesAsAnAccessOrderedLinkedHashMapOnRandomOperations() {
        java.util.Random r = new java.util.Random(5);
        for (int round = 0; round < 200; round++) {
            int capacity = 1 + r.nextInt(40);
            SessionTable table = new SessionTable(capacity, 50);
            Model model = new Model(capacity, 50);
            List<Long> got = new ArrayList<>();
            List<Long> want = new ArrayList<>();
            long now = 0;
            for (int op = 0; op < 2_000; op++) {
                now += r.nextInt(12) - 3;
                long pid = r.nextInt(3) == 0 ? r.nextInt(1 << 20) * 64L : r.nextInt(80); // same low bits, or few
                int what = r.nextInt(10);
                if (what < 6) {
                    Session a = table.find(pid, now, s -> got.add(s.pid));
                    Session b = model.find(pid, now, s -> want.add(s.pid));
                    assertThat(a == null).isEqualTo(b == null);
                    if (a == null) {
                        table.create(pid, now, s -> got.add(s.pid));
                        model.create(pid, now, s -> want.add(s.pid));
                    } else {
                        assertThat(a.lastSeenMillis).isEqualTo(b.lastSeenMillis);
                    }
                } else if (what < 9) {
                    table.remove(pid);
                    model.remove(pid);
                } else {
                    table.restore(new Session(pid, now));
                    model.restore(new Session(pid, now));
                }
                assertThat(got).isEqualTo(want);
                assertThat(table.size()).isEqualTo(model.sessions.size());
            }
            assertThat(table.sessions()).extracting(s -> s.pid)
                    .containsExactlyElementsOf(model.sessions.keySet());
        }
    }

    /** The former table: a LinkedHashMap in access order. */
    private static final class Model {
        final int capacity;
        final long idleMillis;
        final java.util.LinkedHashMap<Long, Session> sessions = new java.util.LinkedHashMap<>(64, 0.75f, true);

        Model(int capacity, long idleMillis) {
            this.capacity = capacity;
            this.idleMillis = idleMillis;
        }

        Session create(long pid, long nowMillis, Consumer<Session> onEvict) {
            while (sessions.size() >= capacity) {
                var it = sessions.entrySet().iterator();
                Session oldest = it.next().getValue();
                it.remove();
                onEvict.accept(oldest);
            }
            Session s = new Session(pid, nowMillis);
            sessions.put(pid, s);
            return s;
        }

        Session find(long pid, long nowMillis, Consumer<Session> onEvict) {
            var it = sessions.entrySet().iterator();
            while (it.hasNext()) {
                Session s = it.next().getValue();
                if (nowMillis - s.lastSeenMillis <= idleMillis) {
                    break;
                }
                it.remove();
                onEvict.accept(s);
            }
            Session s = sessions.get(pid);
            if (s == null) {
                return null;
            }
            if (nowMillis - s.lastSeenMillis > idleMillis) {
                sessions.remove(pid);
                onEvict.accept(s);
                return null;
            }
            s.lastSeenMillis = Math.max(s.lastSeenMillis, nowMillis);
            return s;
        }

        void remove(long pid) {
            sessions.remove(pid);
        }

        void restore(Session s) {
            sessions.remove(s.pid);
            while (sessions.size() >= capacity) {
                var it = sessions.entrySet().iterator();
                it.next();
                it.remove();
            }
            sessions.put(s.pid, s);
        }
    }
}
