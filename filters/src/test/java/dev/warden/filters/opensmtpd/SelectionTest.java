package dev.warden.filters.opensmtpd;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SelectionTest {

    @Test
    void findsTheKthSmallestLikeSorting() {
        Random r = new Random(7);
        for (int round = 0; round < 500; round++) {
            int n = 1 + r.nextInt(200);
            long[] a = new long[n + 5];
            for (int i = 0; i < n; i++) {
                a[i] = r.nextInt(round % 2 == 0 ? 5 : 1_000_000); // many ties, or almost none
            }
            long[] sorted = Arrays.copyOf(a, n);
            Arrays.sort(sorted);
            int k = r.nextInt(n);
            assertThat(Selection.kthSmallest(a, n, k)).isEqualTo(sorted[k]);
        }
    }

    @Test
    void isLinearOnAllEqualValues() {
        long[] a = new long[1_000_000];
        Arrays.fill(a, 42);
        assertThat(Selection.kthSmallest(a, a.length, a.length / 8)).isEqualTo(42);
    }
}
