package dev.warden.actions.command;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;

class BatchesTest {

    /** An item costs its UTF-8 bytes plus a one-byte separator. */
    private static final ToLongFunction<String> UTF8 = s -> s.getBytes(StandardCharsets.UTF_8).length + 1;

    @Test
    void aBatchIsFilledToTheLastByteOfTheBudgetAndNotOneByteMore() {
        List<String> items = List.of("é", "ab", "c", "€"); // 3, 3, 2, 4 bytes

        assertThat(Batches.split(items, 5, UTF8, 5 + 3 + 3)) // overhead 5, exactly "é" + "ab"
                .containsExactly(List.of("é", "ab"), List.of("c", "€"));
        assertThat(Batches.split(items, 5, UTF8, 5 + 3 + 3 - 1))
                .containsExactly(List.of("é"), List.of("ab", "c"), List.of("€"));
        assertThat(Batches.split(items, 5, UTF8, 5 + 12)).containsExactly(items);
    }

    @Test
    void theOverheadCountsAgainInEveryBatch() {
        List<String> items = List.of("aa", "bb", "cc", "dd"); // 3 bytes each

        assertThat(Batches.split(items, 0, UTF8, 6)).containsExactly(List.of("aa", "bb"), List.of("cc", "dd"));
        assertThat(Batches.split(items, 1, UTF8, 6))
                .containsExactly(List.of("aa"), List.of("bb"), List.of("cc"), List.of("dd"));
    }

    @Test
    void anItemTooLargeForAnyBatchGetsOneOfItsOwnAndTheOthersGoOnAround() {
        List<String> items = List.of("a", "bb", "much too long", "c", "d"); // 2, 3, 14, 2, 2 bytes

        assertThat(Batches.split(items, 0, UTF8, 5))
                .containsExactly(List.of("a", "bb"), List.of("much too long"), List.of("c", "d"));
    }

    @Test
    void nothingToSplitGivesNoBatches() {
        assertThat(Batches.split(List.<String>of(), 0, UTF8, 10)).isEmpty();
    }
}
