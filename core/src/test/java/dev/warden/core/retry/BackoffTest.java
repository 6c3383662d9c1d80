package dev.warden.core.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    private static List<Long> millis(Backoff b, int n) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(b.next().toMillis());
        }
        return out;
    }

    @Test
    void doublesFromTheFirstPauseAndStaysAtTheLongest() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        assertThat(millis(b, 9)).containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L);
    }

    @Test
    void aLongestThatIsNotAPowerOfTwoOfTheFirstIsReachedNotPassed() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
        assertThat(millis(b, 8)).containsExactly(1000L, 2000L, 4000L, 8000L, 16000L, 32000L, 60000L, 60000L);
    }

    @Test
    void resetStartsAgainAtTheFirstPause() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        millis(b, 4);
        b.reset();
        assertThat(millis(b, 3)).containsExactly(100L, 200L, 400L);
    }

    @Test
    void equalFirstAndLongestGiveOnePauseOnly() {
        assertThat(millis(new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(2)), 3)).containsOnly(2000L);
    }

    @Test
    void aPauseThatIsNotPositiveOrALongestBelowTheFirstIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
