package dev.warden.actions.pf;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArgvBatcherTest {

    private static final List<String> PREFIX = List.of("/p", "-x"); // 3 + 3 = 6 bytes

    @Test
    void costIsUtf8BytesPlusTheNul() {
        assertThat(ArgvBatcher.cost("")).isEqualTo(1);
        assertThat(ArgvBatcher.cost("192.0.2.1")).isEqualTo(10);
        assertThat(ArgvBatcher.cost("é")).isEqualTo(3);
        assertThat(ArgvBatcher.cost("€")).isEqualTo(4);
        assertThat(ArgvBatcher.cost("\uD83D\uDD12")).isEqualTo(5);
        assertThat(ArgvBatcher.cost(List.of("/sbin/pfctl", "-t", "bot", "-T", "add"))).isEqualTo(12 + 3 + 4 + 3 + 4);
    }

    @Test
    void fillsEachRunUpToTheBudgetExactly() {
        List<String> args = List.of("aa", "bb", "cc", "dd", "ee"); // 3 bytes each

        assertThat(ArgvBatcher.split(PREFIX, args, 12))
                .containsExactly(List.of("aa", "bb"), List.of("cc", "dd"), List.of("ee"));
        assertThat(ArgvBatcher.split(PREFIX, args, 11))
                .containsExactly(List.of("aa"), List.of("bb"), List.of("cc"), List.of("dd"), List.of("ee"));
        assertThat(ArgvBatcher.split(PREFIX, args, 21)).containsExactly(args);
    }

    @Test
    void keepsOrderWithUnequalLengths() {
        List<String> args = List.of("aaaa", "b", "cc", "d", "eeeee"); // 5, 2, 3, 2, 6

        assertThat(ArgvBatcher.split(PREFIX, args, 13))
                .containsExactly(List.of("aaaa", "b"), List.of("cc", "d"), List.of("eeeee"));
    }

    @Test
    void nothingToSplitGivesNoRuns() {
        assertThat(ArgvBatcher.split(PREFIX, List.of(), 100)).isEmpty();
    }

    @Test
    void anArgumentThatCannotFitAloneIsRejected() {
        assertThatThrownBy(() -> ArgvBatcher.split(PREFIX, List.of("a", "toolong"), 13))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
