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
}
