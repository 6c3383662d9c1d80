package dev.warden.actions.command;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.warden.actions.command.NotApplied.FinalPeriod.DROP;
import static dev.warden.actions.command.NotApplied.FinalPeriod.KEEP;
import static org.assertj.core.api.Assertions.assertThat;

class NotAppliedTest {

    private static List<String> addresses(int n) {
        List<String> list = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            list.add("10.0.0." + i);
        }
        return list;
    }

    @Test
    void namesTheChangeTheCountsTheReasonsAndTheAddresses() {
        NotApplied n = new NotApplied(List.of("192.0.2.1", "192.0.2.2"), List.of("x failed", "y failed"), 5);

        assertThat(n.message("pfctl -T add on table <bot>", KEEP)).isEqualTo("pfctl -T add on table <bot> did not "
                + "apply 2 of 5 addresses: x failed; y failed. Not applied: 192.0.2.1, 192.0.2.2");
    }

    @Test
    void listsFiftyAddressesThenCountsTheRest() {
        String fifty = new NotApplied(addresses(50), List.of("r"), 60).message("c", KEEP);
        String fiftyOne = new NotApplied(addresses(51), List.of("r"), 60).message("c", KEEP);

        assertThat(fifty).endsWith(", 10.0.0.49, 10.0.0.50").doesNotContain("more");
        assertThat(fiftyOne).endsWith(", 10.0.0.49, 10.0.0.50 and 1 more").doesNotContain("10.0.0.51");
    }

    @Test
    void aFinalPeriodIsDroppedOnlyWhenAskedAndAnEllipsisNever() {
        List<String> one = List.of("192.0.2.1");

        assertThat(new NotApplied(one, List.of("a. b.", "Table does not exist."), 1).message("c", DROP))
                .contains(": a. b.; Table does not exist. Not applied");
        assertThat(new NotApplied(one, List.of("Table does not exist."), 1).message("c", KEEP))
                .contains(": Table does not exist.. Not applied");
        assertThat(new NotApplied(one, List.of("xxx..."), 1).message("c", DROP)).contains(": xxx.... Not applied");
    }

    @Test
    void emptyOnlyWithoutReasons() {
        assertThat(new NotApplied(List.of(), List.of(), 3).isEmpty()).isTrue();
        assertThat(new NotApplied(List.of(), List.of("r"), 3).isEmpty()).isFalse();
    }
}
