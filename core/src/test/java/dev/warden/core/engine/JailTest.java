package dev.warden.core.engine;

import dev.warden.core.spi.Ban;
import dev.warden.core.spi.IpAddress;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class JailTest {

    private static final IpAddress A = IpAddress.parse("192.0.2.1").orElseThrow();
    private static final IpAddress B = IpAddress.parse("2001:db8::1").orElseThrow();
    private static final long T0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    private static Jail jail(int maxRetry, Duration find, Duration ban) {
        return new Jail("j", new JailPolicy(maxRetry, find, ban), a -> false, new BanBook());
    }

    @Test
    void bansOnTheMaxRetryThFailureWithinFindTime() {
        Jail j = jail(3, Duration.ofMinutes(10), Duration.ofHours(1));
        assertThat(j.onFailure(A, T0)).isNull();
        assertThat(j.onFailure(A, T0 + 60_000)).isNull();
        Ban b = j.onFailure(A, T0 + 120_000);
        assertThat(b).isNotNull();
        assertThat(b.failures()).isEqualTo(3);
        assertThat(b.start()).isEqualTo(Instant.ofEpochMilli(T0 + 120_000));
        assertThat(b.end()).isEqualTo(Instant.ofEpochMilli(T0 + 120_000).plus(Duration.ofHours(1)));
        assertThat(b.origin()).isEqualTo(Ban.Origin.AUTOMATIC);
    }

    @Test
    void failuresOutsideFindTimeDoNotCount() {
        Jail j = jail(3, Duration.ofMinutes(10), Duration.ofHours(1));
        j.onFailure(A, T0);
        j.onFailure(A, T0 + 300_000);
        assertThat(j.onFailure(A, T0 + 600_000)).as("first failure is exactly find-time old: out").isNull();
        assertThat(j.onFailure(A, T0 + 601_000)).isNotNull();
    }

    @Test
    void addressesAreCountedSeparately() {
        Jail j = jail(2, Duration.ofMinutes(10), Duration.ofHours(1));
        assertThat(j.onFailure(A, T0)).isNull();
        assertThat(j.onFailure(B, T0)).isNull();
        assertThat(j.onFailure(B, T0 + 1)).isNotNull();
        assertThat(j.book().activeAt(A, Instant.ofEpochMilli(T0 + 2))).isNull();
    }

    @Test
    void failuresDuringABanDoNotStartANewOneButAfterItDo() {
        Jail j = jail(2, Duration.ofHours(10), Duration.ofHours(1));
        j.onFailure(A, T0);
        assertThat(j.onFailure(A, T0 + 1000)).isNotNull();
        assertThat(j.onFailure(A, T0 + 2000)).isNull();
        assertThat(j.onFailure(A, T0 + 3000)).isNull();
        long after = T0 + 1000 + 3_600_000;
        assertThat(j.onFailure(A, after)).isNull();
        Ban second = j.onFailure(A, after + 1);
        assertThat(second).isNotNull();
        assertThat(j.book().history().count("j", A, Instant.ofEpochMilli(after + 1))).isEqualTo(2);
        assertThat(j.failures()).isEqualTo(6);
    }

    @Test
    void escalationStartsAgainAtBanTimeOnceTheLatestBanEndedLongerThanForgetAfterAgo() {
        Duration hour = Duration.ofHours(1);
        Duration forget = Duration.ofDays(7);
        JailPolicy policy = new JailPolicy(1, Duration.ofMinutes(10), hour, JailPolicy.DEFAULT_MAX_TRACKED,
                new dev.warden.core.config.BanTimeIncrement(2.0, Duration.ofDays(1), false, forget), java.util.Map.of());
        Jail j = new Jail("j", policy, a -> false, new BanBook());
        Ban first = j.onFailure(A, T0);
        assertThat(first.end()).isEqualTo(first.start().plus(hour));
        long withinForget = first.end().plus(forget).toEpochMilli();
        Ban second = j.onFailure(A, withinForget);
        assertThat(second.end()).as("ended exactly forget-after ago: still remembered, doubled")
                .isEqualTo(second.start().plus(hour.multipliedBy(2)));
        long beyond = second.end().plus(forget).toEpochMilli() + 1;
        Ban third = j.onFailure(A, beyond);
        assertThat(third.end()).as("behaved longer than forget-after: base ban time again")
                .isEqualTo(third.start().plus(hour));
        assertThat(j.book().history().count("j", A, Instant.ofEpochMilli(beyond))).isEqualTo(1);
    }

    @Test
    void ignoredAddressesAreNeverCounted() {
        Jail j = new Jail("j", new JailPolicy(1, Duration.ofMinutes(1), Duration.ofHours(1)), A::equals, new BanBook());
        assertThat(j.onFailure(A, T0)).isNull();
        assertThat(j.ignoredFailures()).isEqualTo(1);
        assertThat(j.failures()).isZero();
        assertThat(j.onFailure(B, T0)).isNotNull();
    }

    @Test
    void trackedAddressesAreBoundedByCapAndFindTime() {
        Jail j = new Jail("j", new JailPolicy(5, Duration.ofMinutes(10), Duration.ofHours(1), 10_000),
                a -> false, new BanBook());
        for (int i = 0; i < 200_000; i++) {
            j.onFailure(IpAddress.ofIpv4(0x0A000000 + i), T0 + i);
            assertThat(j.tracked()).isLessThanOrEqualTo(10_000);
        }
        j.onFailure(A, T0 + Duration.ofHours(2).toMillis());
        assertThat(j.tracked()).as("everything older than find-time swept").isEqualTo(1);
    }

    @Test
    void evictionAtTheCapForgetsAnEighthEvenWhenEveryFailureHasTheSameSecond() {
        Jail j = new Jail("j", new JailPolicy(5, Duration.ofMinutes(10), Duration.ofHours(1), 8_000),
                a -> false, new BanBook());
        for (int i = 0; i < 8_000; i++) {
            j.onFailure(IpAddress.ofIpv4(0x0A000000 + i), T0);
        }
        assertThat(j.tracked()).isEqualTo(8_000);
        j.onFailure(A, T0);
        assertThat(j.tracked()).as("one eighth forgotten, then A added").isEqualTo(7_001);
    }

    @Test
    void weightsLetAJailBanOnAScore() {
        JailPolicy policy = new JailPolicy(2, Duration.ofMinutes(10), Duration.ofHours(1), 1000,
                dev.warden.core.config.BanTimeIncrement.NONE, java.util.Map.of("tls-failure", 500, "tempfail", 0));
        assertThat(policy.maxEntries()).as("four half failures make two").isEqualTo(4);
        Jail j = new Jail("j", policy, a -> false, new BanBook());
        for (int i = 0; i < 3; i++) {
            j.failure(A, T0 + i, "tls-failure");
        }
        assertThat(j.bans()).isEmpty();
        j.failure(A, T0 + 3, "tls-failure");
        assertThat(j.bans()).singleElement().satisfies(b -> assertThat(b.failures()).isEqualTo(4));
        j.failure(B, T0, "auth");
        j.failure(B, T0 + 1, "tls-failure");
        assertThat(j.book().activeAt(B, Instant.ofEpochMilli(T0 + 1))).isNull();
        j.failure(B, T0 + 2, "tls-failure");
        assertThat(j.book().activeAt(B, Instant.ofEpochMilli(T0 + 2))).as("1 + 0.5 + 0.5").isNotNull();
        IpAddress c = IpAddress.parse("198.51.100.9").orElseThrow();
        for (int i = 0; i < 50; i++) {
            j.failure(c, T0 + i, "tempfail");
        }
        assertThat(j.book().activeAt(c, Instant.ofEpochMilli(T0 + 50))).as("weight 0 never counts").isNull();
        assertThat(j.failures()).as("but every failure is in the totals").isEqualTo(4 + 3 + 50);
    }

    @Test
    void windowKeepsOnlyTheLatestMaxRetryFailures() {
        FailureWindow w = new FailureWindow();
        for (int i = 0; i < 100; i++) {
            assertThat(w.add(T0 + i, 1_000_000, 7)).isEqualTo(Math.min(i + 1, 7));
        }
        w.expire(T0 + 96);
        assertThat(w.count()).isEqualTo(3);
    }
}
