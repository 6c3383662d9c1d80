package dev.warden.core.engine;

import dev.warden.core.spi.Ban;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.state.BanCount;
import dev.warden.core.testkit.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BanHistoryTest {

    private static final IpAddress A = IpAddress.parse("192.0.2.1").orElseThrow();
    private static final IpAddress B = IpAddress.parse("2001:db8::1").orElseThrow();
    private static final Duration WEEK = Duration.ofDays(7);

    private final MutableClock clock = new MutableClock();
    private BanHistory h;

    @BeforeEach
    void setUp() {
        h = new BanHistory();
        h.forgetAfter("a", WEEK);
        h.forgetAfter("b", Duration.ofDays(2));
    }

    /** A ban in {@code jail} starting now, for {@code length}. */
    private Ban ban(String jail, IpAddress address, Duration length) {
        Instant now = clock.instant();
        return new Ban(jail, address, now, now.plus(length), 3, Ban.Origin.AUTOMATIC);
    }

    @Test
    void anAddressIsRememberedForForgetAfterFromTheEndOfItsLatestBanThenForgotten() {
        h.record(ban("a", A, Duration.ofHours(1)));
        clock.advance(Duration.ofHours(2));
        h.record(ban("a", A, Duration.ofHours(2)));
        Instant end = clock.instant().plus(Duration.ofHours(2));
        assertThat(h.count("a", A, end.plus(WEEK))).as("exactly forget-after after the end: kept").isEqualTo(2);
        assertThat(h.count("a", A, end.plus(WEEK).plusMillis(1))).isZero();
        assertThat(h.snapshot()).as("read as forgotten: removed").isEmpty();
        assertThat(h.count("a", A, end)).as("and stays gone").isZero();
    }

    @Test
    void aBanInForceIsNeverForgottenEvenWhenLongerThanForgetAfter() {
        h.record(ban("b", A, Duration.ofDays(30)));
        Instant later = clock.instant().plus(Duration.ofDays(29));
        assertThat(h.prune(later)).isZero();
        assertThat(h.count("b", A, later)).isEqualTo(1);
        assertThat(h.total(A, later)).isEqualTo(1);
    }

    @Test
    void recordingAfterForgetAfterStartsAgainAtOne() {
        h.record(ban("a", A, Duration.ofHours(1)));
        clock.advance(WEEK.plus(Duration.ofHours(2)));
        h.record(ban("a", A, Duration.ofHours(1)));
        assertThat(h.count("a", A, clock.instant())).isEqualTo(1);
        clock.advance(Duration.ofDays(1));
        h.record(ban("a", A, Duration.ofHours(1)));
        assertThat(h.count("a", A, clock.instant())).isEqualTo(2);
    }

    @Test
    void theLatestEndIsKeptWhenAShorterBanFollowsALongerOne() {
        h.record(ban("a", A, Duration.ofDays(10)));
        Instant longEnd = clock.instant().plus(Duration.ofDays(10));
        clock.advance(Duration.ofHours(1));
        h.record(ban("a", A, Duration.ofMinutes(5)));
        assertThat(h.snapshot().get("a").get(A)).isEqualTo(new BanCount(2, longEnd));
    }

    @Test
    void totalsDropWithEachJailsOwnForgetAfter() {
        h.record(ban("a", A, Duration.ofHours(1)));
        h.record(ban("b", A, Duration.ofHours(1)));
        h.record(ban("b", A, Duration.ofHours(1)));
        Instant end = clock.instant().plus(Duration.ofHours(1));
        assertThat(h.total(A, end)).isEqualTo(3);
        assertThat(h.total(A, end.plus(Duration.ofDays(3)))).as("b forgets after 2 days, a after a week")
                .isEqualTo(1);
        assertThat(h.count("b", A, end)).as("b's entry was removed by the total").isZero();
        assertThat(h.total(A, end.plus(Duration.ofDays(8)))).isZero();
    }

    @Test
    void pruneRemovesOnlyForgottenEntriesInEveryJail() {
        h.record(ban("a", A, Duration.ofHours(1)));
        h.record(ban("b", A, Duration.ofHours(1)));
        h.record(ban("other", A, Duration.ofHours(1)));
        clock.advance(Duration.ofDays(2));
        h.record(ban("b", B, Duration.ofHours(1)));
        Instant now = clock.instant().plus(Duration.ofDays(1));
        assertThat(h.prune(now)).as("b's A only").isEqualTo(1);
        assertThat(h.snapshot()).containsOnlyKeys("a", "b", "other");
        assertThat(h.snapshot().get("b")).containsOnlyKeys(B);
        Instant much = now.plus(Duration.ofDays(60));
        assertThat(h.prune(much)).as("an unknown jail forgets after the default (56 days)").isEqualTo(3);
        assertThat(h.snapshot()).isEmpty();
    }

    @Test
    void restoredEntriesWithoutAnEndAreRememberedFromTheLoad() {
        Instant load = clock.instant();
        Instant oldEnd = load.minus(Duration.ofDays(3));
        h.restore(Map.of("a", Map.of(A, new BanCount(4, null), B, new BanCount(2, oldEnd))), load);
        assertThat(h.snapshot().get("a")).containsEntry(A, new BanCount(4, load)).containsEntry(B,
                new BanCount(2, oldEnd));
        Instant later = load.plus(WEEK).minus(Duration.ofDays(1));
        assertThat(h.count("a", A, later)).isEqualTo(4);
        assertThat(h.count("a", B, later)).as("its own end is kept: forgotten on time").isZero();
    }

    @Test
    void restoreAddsToCountsAlreadyThere() {
        h.record(ban("a", A, Duration.ofHours(1)));
        Instant end = clock.instant().plus(Duration.ofDays(1));
        h.restore(Map.of("a", Map.of(A, new BanCount(2, end))), clock.instant());
        assertThat(h.snapshot().get("a").get(A)).isEqualTo(new BanCount(3, end));
    }

    @Test
    void forgetAfterMustBePositive() {
        assertThatThrownBy(() -> h.forgetAfter("a", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.forgetAfter("a", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
