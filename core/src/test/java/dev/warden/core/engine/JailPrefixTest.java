package dev.warden.core.engine;

import dev.warden.core.config.BanTimeIncrement;
import dev.warden.core.net.Cidr;
import dev.warden.core.net.IgnoreList;
import dev.warden.core.net.PrefixLengths;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.IpAddress;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A jail under {@code ipv6-prefix}/{@code ipv4-prefix}: failures counted and bans placed per network. */
class JailPrefixTest {

    private static final long T0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    private static IpAddress ip(String text) {
        return IpAddress.parseNetwork(text).orElseThrow();
    }

    private static Jail jail(int maxRetry, PrefixLengths prefixes, int maxTracked, String... ignored) {
        List<Cidr> ranges = new ArrayList<>();
        for (String r : ignored) {
            ranges.add(Cidr.parse(r).orElseThrow());
        }
        JailPolicy policy = new JailPolicy(maxRetry, Duration.ofMinutes(10), Duration.ofHours(1), maxTracked,
                BanTimeIncrement.NONE, Map.of(), prefixes);
        return new Jail("j", policy, IgnoreList.of(ranges)::overlaps, new BanBook());
    }

    @Test
    void fiveAddressesOfOneSlash64WithOneFailureEachAreOneBanOfTheSlash64() {
        Jail j = jail(3, new PrefixLengths(32, 64), 1000);
        List<Ban> bans = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Ban b = j.onFailure(ip("2001:db8:1:2::" + i), T0 + i * 1000L);
            if (b != null) {
                bans.add(b);
            }
        }
        assertThat(bans).extracting(b -> b.address().toString()).containsExactly("2001:db8:1:2::/64");
        assertThat(bans.get(0).failures()).isEqualTo(3);
        assertThat(j.failures()).as("all five counted in the totals").isEqualTo(5);
        assertThat(j.book().activeAt(ip("2001:db8:1:2::/64"), Instant.ofEpochMilli(T0 + 5000))).isNotNull();
    }

    @Test
    void theSameFailuresUnderTheDefaultBanNothing() {
        Jail j = jail(3, PrefixLengths.FULL, 1000);
        for (int i = 1; i <= 5; i++) {
            assertThat(j.onFailure(ip("2001:db8:1:2::" + i), T0 + i * 1000L)).isNull();
        }
        assertThat(j.tracked()).isEqualTo(5);
    }

    @Test
    void ipv4PrefixCountsAndBansTheNetwork() {
        Jail j = jail(2, new PrefixLengths(24, 128), 1000);
        assertThat(j.onFailure(ip("198.51.100.7"), T0)).isNull();
        assertThat(j.onFailure(ip("2001:db8::7"), T0)).isNull();
        assertThat(j.onFailure(ip("2001:db8::8"), T0)).as("IPv6 still per address").isNull();
        Ban b = j.onFailure(ip("198.51.100.200"), T0 + 1);
        assertThat(b.address()).hasToString("198.51.100.0/24");
    }

    @Test
    void anIgnoredAddressNeverCountsTowardsItsPrefixAndItsPrefixIsNeverBannedWhole() {
        Jail j = jail(3, new PrefixLengths(32, 64), 1000, "2001:db8:1:2::3");
        for (int i = 1; i <= 3; i++) {
            assertThat(j.onFailure(ip("2001:db8:1:2::" + i), T0 + i)).isNull();
        }
        for (int i = 0; i < 10; i++) {
            assertThat(j.onFailure(ip("2001:db8:1:2::3"), T0 + 10 + i)).isNull();
        }
        assertThat(j.ignoredFailures()).isEqualTo(11);
        assertThat(j.keyOf(ip("2001:db8:1:2::5"))).as("counted alone: the /64 holds an ignored address")
                .isEqualTo(ip("2001:db8:1:2::5"));
        j.onFailure(ip("2001:db8:1:2::5"), T0 + 100);
        j.onFailure(ip("2001:db8:1:2::5"), T0 + 101);
        assertThat(j.onFailure(ip("2001:db8:1:2::5"), T0 + 102).address()).hasToString("2001:db8:1:2::5");
        assertThat(j.ignores(ip("2001:db8:1:2::/64"))).isTrue();
        assertThat(j.keyOf(ip("2001:db8:1:9::5"))).isEqualTo(ip("2001:db8:1:9::/64"));
    }

    @Test
    void aPrefixInsideAnIgnoredRangeIsIgnoredWhole() {
        Jail j = jail(1, new PrefixLengths(32, 64), 1000, "2001:db8:aa::/48");
        assertThat(j.onFailure(ip("2001:db8:aa:1::1"), T0)).isNull();
        assertThat(j.ignoredFailures()).isEqualTo(1);
    }

    @Test
    void failuresFromInsideABannedPrefixDoNotStartANewBan() {
        Jail j = jail(2, new PrefixLengths(32, 64), 1000);
        j.onFailure(ip("2001:db8:1:2::1"), T0);
        assertThat(j.onFailure(ip("2001:db8:1:2::2"), T0 + 1)).isNotNull();
        assertThat(j.onFailure(ip("2001:db8:1:2::3"), T0 + 2)).isNull();
        assertThat(j.onFailure(ip("2001:db8:1:2::4"), T0 + 3)).isNull();
        assertThat(j.tracked()).isZero();
    }

    @Test
    void maxTrackedCountsPrefixesNotAddresses() {
        Jail j = jail(1000, new PrefixLengths(32, 64), 2);
        for (int i = 1; i <= 500; i++) {
            j.onFailure(ip("2001:db8:1:2::" + Integer.toHexString(i)), T0 + i);
        }
        j.onFailure(ip("2001:db8:1:3::1"), T0 + 600);
        assertThat(j.tracked()).isEqualTo(2);
        assertThat(j.failuresCounted()).as("the /64's 500 failures survive the spray of fresh addresses")
                .isEqualTo(501);
    }

    @Test
    void failuresSavedPerAddressAreJoinedUnderTheNewPrefix() {
        Jail j = jail(4, new PrefixLengths(32, 64), 1000);
        j.restoreTracked(ip("2001:db8:1:2::1"), new long[] {T0, T0 + 1}, null);
        j.restoreTracked(ip("2001:db8:1:2::2"), new long[] {T0 + 2}, null);
        assertThat(j.tracked()).isEqualTo(1);
        Ban b = j.onFailure(ip("2001:db8:1:2::9"), T0 + 3);
        assertThat(b.address()).hasToString("2001:db8:1:2::/64");
        assertThat(b.failures()).isEqualTo(4);
    }

    @Test
    void aSavedNetworkThatNowHoldsAnIgnoredAddressIsDropped() {
        Jail j = jail(4, new PrefixLengths(32, 64), 1000, "2001:db8:1:2::77");
        j.restoreTracked(ip("2001:db8:1:2::/64"), new long[] {T0}, null);
        assertThat(j.tracked()).isZero();
    }
}
