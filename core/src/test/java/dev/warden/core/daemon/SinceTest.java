package dev.warden.core.daemon;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SinceTest {

    private static final Instant T = Instant.parse("2026-12-06T12:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void dueBeforeTheFirstMarkThenOncePerPeriod() {
        Since s = new Since();
        assertThat(s.passed(MINUTE, T)).isTrue();
        s.mark(T);
        assertThat(s.passed(MINUTE, T.plusSeconds(59))).isFalse();
        assertThat(s.passed(MINUTE, T.plusSeconds(60))).isTrue();
    }

    @Test
    void aClockSteppedBackMakesItDueAtOnceInsteadOfAfterTheStep() {
        Since s = new Since();
        s.mark(T);
        assertThat(s.passed(MINUTE, T.minus(Duration.ofHours(1)))).isTrue();
        s.mark(T.minus(Duration.ofHours(1)));
        assertThat(s.passed(MINUTE, T.minus(Duration.ofHours(1)).plusSeconds(30)))
                .as("measured from the new mark").isFalse();
    }
}
