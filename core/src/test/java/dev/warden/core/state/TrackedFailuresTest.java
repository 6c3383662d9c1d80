package dev.warden.core.state;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.warden.core.state.States.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrackedFailuresTest {

    @Test
    void equalityHashAndTextUseTheTimesNotTheArray() {
        TrackedFailures a = new TrackedFailures("sshd", ip("192.0.2.1"), new long[] {1, 2, 2});
        TrackedFailures b = new TrackedFailures("sshd", ip("192.0.2.1"), new long[] {1, 2, 2});
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toString()).isEqualTo("TrackedFailures[jail=sshd, address=192.0.2.1, times=[1, 2, 2]]");
        assertThat(a).isNotEqualTo(new TrackedFailures("sshd", ip("192.0.2.1"), new long[] {1, 2, 3}))
                .isNotEqualTo(new TrackedFailures("sshd", ip("192.0.2.2"), new long[] {1, 2, 2}))
                .isNotEqualTo(new TrackedFailures("smtpd", ip("192.0.2.1"), new long[] {1, 2, 2}));
    }

    @Test
    void theArrayIsSharedNotCopied() {
        long[] times = {5, 6};
        assertThat(new TrackedFailures("sshd", ip("192.0.2.1"), times).times()).isSameAs(times);
    }

    @Test
    void rejectsWhatCannotBeStored() {
        assertThatThrownBy(() -> new TrackedFailures("sshd", ip("192.0.2.1"), new long[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no failure times for sshd 192.0.2.1");
        assertThatThrownBy(() -> new TrackedFailures("sshd", ip("192.0.2.1"), new long[] {3, 4, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failure times not ascending for sshd 192.0.2.1: 4 then 2");
        assertThatThrownBy(() -> new TrackedFailures("my jail", ip("192.0.2.1"), new long[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jail name not storable");
        assertThatThrownBy(() -> new TrackedFailures(null, ip("192.0.2.1"), new long[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrackedFailures("sshd", null, new long[] {1}))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new TrackedFailures("sshd", ip("192.0.2.1"), null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void stateCarriesFailuresAndKeepsThemThroughOtherChanges() {
        TrackedFailures f = new TrackedFailures("sshd", ip("192.0.2.1"), new long[] {1});
        WardenState s = WardenState.empty().withFailures(List.of(f));
        assertThat(s.isEmpty()).isFalse();
        assertThat(s.withBanCount("sshd", ip("192.0.2.9"), 2).withFiles(List.of()).failures()).containsExactly(f);
        assertThat(s).isEqualTo(WardenState.of(List.of(), Map.of(), List.of(), List.of(f)));
        assertThat(WardenState.of(List.of(), Map.of(), List.of()).failures()).isEmpty();
        assertThat(s.withFailures(List.of())).isEqualTo(WardenState.empty());
    }

    @Test
    void stateRejectsTwoEntriesForOneAddressInOneJail() {
        TrackedFailures a = new TrackedFailures("sshd", ip("192.0.2.1"), new long[] {1});
        TrackedFailures b = new TrackedFailures("sshd", ip("192.0.2.1"), new long[] {2});
        TrackedFailures otherJail = new TrackedFailures("smtpd", ip("192.0.2.1"), new long[] {2});
        assertThat(WardenState.empty().withFailures(List.of(a, otherJail)).failures()).hasSize(2);
        assertThatThrownBy(() -> WardenState.empty().withFailures(List.of(a, b)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("failures tracked twice for sshd 192.0.2.1");
    }
}
