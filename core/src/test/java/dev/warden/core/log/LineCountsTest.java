package dev.warden.core.log;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LineCountsTest {

    private static LineCounts.Fate count(LineCounts c, LineTrust trust, boolean hasTime, String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return c.count(hasTime, trust, b, 0, b.length);
    }

    @Test
    void aTimedFileWithholdsUntimedLinesAsUnreadableTimesOrContinuationsAndCountsEach() {
        LineCounts c = new LineCounts();
        LineTrust trust = new LineTrust();
        assertThat(count(c, trust, false, "before any time")).isEqualTo(LineCounts.Fate.ADMITTED);
        assertThat(count(c, trust, true, "Dec  7 02:00:00 gw sshd[1]: one")).isEqualTo(LineCounts.Fate.ADMITTED);
        assertThat(count(c, trust, false, "Feb 30 10:00:00 gw sshd[1]: two")).isEqualTo(LineCounts.Fate.UNREADABLE_TIME);
        assertThat(count(c, trust, false, " the rest of a message")).isEqualTo(LineCounts.Fate.CONTINUATION);
        assertThat(new long[] {c.untimed, c.unreadable, c.continuation}).containsExactly(3, 1, 1);

        LineCounts sum = new LineCounts();
        sum.add(c);
        sum.add(c);
        assertThat(new long[] {sum.untimed, sum.unreadable, sum.continuation}).containsExactly(6, 2, 2);
    }
}
