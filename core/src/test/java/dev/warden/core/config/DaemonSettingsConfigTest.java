package dev.warden.core.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The daemon's keys: poll-interval, save-interval, retry-interval, unban-on-stop, ban-time-increment, max-tracked. */
class DaemonSettingsConfigTest extends WithConfigFixture {

    private static final String JAIL_TAIL = "    filter: opensmtpd\n    actions: [log]\n";

    @BeforeEach
    void setUp() {
        fx.write("maillog", "");
    }

    @Test
    void defaults() {
        ConfigResult<WardenConfig> r = fx.load("jails:\n  a:\n    logs: maillog\n" + JAIL_TAIL);
        assertThat(r.issues()).isEmpty();
        WardenConfig c = r.value().orElseThrow();
        assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.saveInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.retryInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.unbanOnStop()).isFalse();
        JailDefinition a = c.jails().get("a");
        assertThat(a.increment()).isEqualTo(BanTimeIncrement.NONE);
        assertThat(a.maxTracked()).isEqualTo(JailDefinition.DEFAULT_MAX_TRACKED);
    }

    @Test
    void everyKeyRead() {
        ConfigResult<WardenConfig> r = fx.load("""
                poll-interval: 100ms
                save-interval: 1m
                retry-interval: 5s
                unban-on-stop: true
                jails:
                  a:
                    logs: maillog
                    ban-time: 1h
                    max-tracked: 5000
                    ban-time-increment: {factor: 1.5, max: 1d, across-jails: true}
                """ + JAIL_TAIL);
        assertThat(r.issues()).isEmpty();
        WardenConfig c = r.value().orElseThrow();
        assertThat(c.pollInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.saveInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.retryInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.unbanOnStop()).isTrue();
        JailDefinition a = c.jails().get("a");
        assertThat(a.maxTracked()).isEqualTo(5000);
        assertThat(a.increment()).isEqualTo(new BanTimeIncrement(1.5, Duration.ofDays(1), true));
        assertThat(a.increment().forgetAfter()).as("max is shorter than 8 weeks: 8 weeks")
                .isEqualTo(Duration.ofDays(56));
    }

    @Test
    void forgetAfterDefaultsToMaxWhenMaxIsLongerThanEightWeeks() {
        ConfigResult<WardenConfig> r = fx.load("jails:\n  a:\n    logs: maillog\n"
                + "    ban-time-increment: {max: 52w}\n" + JAIL_TAIL);
        assertThat(r.issues()).isEmpty();
        assertThat(r.value().orElseThrow().jails().get("a").increment().forgetAfter())
                .isEqualTo(Duration.ofDays(364));
    }

    @Test
    void forgetAfterIsRead() {
        ConfigResult<WardenConfig> r = fx.load("jails:\n  a:\n    logs: maillog\n"
                + "    ban-time-increment: {max: 1w, forget-after: 26w}\n" + JAIL_TAIL);
        assertThat(r.issues()).isEmpty();
        assertThat(r.value().orElseThrow().jails().get("a").increment())
                .isEqualTo(new BanTimeIncrement(2.0, Duration.ofDays(7), false, Duration.ofDays(182)));
    }

    @Test
    void badForgetAfterIsAnErrorWithLineAndPath() {
        ConfigResult<WardenConfig> zero = fx.load(
                "jails:\n  a:\n    logs: maillog\n    ban-time-increment: {forget-after: 0s}\n" + JAIL_TAIL);
        assertThat(zero.issues()).containsExactly(fx.error(4, "jails.a.ban-time-increment.forget-after",
                "must be positive (0 would forget every ban as soon as it ends: no escalation)"));
        ConfigResult<WardenConfig> negative = fx.load("jails:\n  a:\n    logs: maillog\n    ban-time-increment:\n"
                + "      forget-after: -4w\n" + JAIL_TAIL);
        assertThat(negative.issues()).containsExactly(fx.error(5, "jails.a.ban-time-increment.forget-after",
                "expected a duration such as 90s, 10m, 1h, 5d or 1w, got \"-4w\""));
        ConfigResult<WardenConfig> words = fx.load("jails:\n  a:\n    logs: maillog\n    ban-time-increment:\n"
                + "      forget-after: a month\n" + JAIL_TAIL);
        assertThat(words.issues()).containsExactly(fx.error(5, "jails.a.ban-time-increment.forget-after",
                "expected a duration such as 90s, 10m, 1h, 5d or 1w, got \"a month\""));
    }

    @Test
    void incrementDefaultsToDoublingUpToEightWeeks() {
        ConfigResult<WardenConfig> r = fx.load("jails:\n  a:\n    logs: maillog\n    ban-time-increment: {}\n"
                + JAIL_TAIL);
        assertThat(r.issues()).isEmpty();
        assertThat(r.value().orElseThrow().jails().get("a").increment())
                .isEqualTo(new BanTimeIncrement(2.0, Duration.ofDays(56), false, Duration.ofDays(56)));
    }

    @Test
    void errorsWithLineAndPath() {
        ConfigResult<WardenConfig> r = fx.load("""
                poll-interval: 5ms
                unban-on-stop: maybe
                save-interval: 500ms
                retry-interval: 2h
                jails:
                  a:
                    logs: maillog
                    ban-time: 1d
                    max-tracked: 0
                    ban-time-increment: {factor: 0.5, max: 1h, speed: 3}
                """ + JAIL_TAIL);
        assertThat(r.hasErrors()).isTrue();
        assertThat(r.issues()).containsExactlyInAnyOrder(
                fx.error(1, "poll-interval", "must be between 10ms and 1m, got 5ms"),
                fx.error(3, "save-interval", "must be between 1s and 1h, got 500ms"),
                fx.error(2, "unban-on-stop", "expected true or false, got \"maybe\""),
                fx.error(4, "retry-interval", "must be between 1s and 1h, got 2h"),
                fx.error(9, "jails.a.max-tracked", "must be between 1 and 2147483647, got 0"),
                fx.error(10, "jails.a.ban-time-increment.speed", "unknown key \"speed\""),
                fx.error(10, "jails.a.ban-time-increment.factor", "must be between 1 and 1000, got 0.5"));
    }

    @Test
    void weightsPerKind() {
        ConfigResult<WardenConfig> r = fx.load("jails:\n  a:\n    logs: maillog\n"
                + "    weights: {auth: 1, tls-failure: 0.5, tempfail: 0}\n" + JAIL_TAIL);
        assertThat(r.issues()).isEmpty();
        assertThat(r.value().orElseThrow().jails().get("a").weights())
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("auth", 1.0, "tls-failure", 0.5, "tempfail", 0.0));
        ConfigResult<WardenConfig> bad = fx.load("jails:\n  a:\n    logs: maillog\n"
                + "    weights: {auth: heavy, tls: -1}\n" + JAIL_TAIL);
        assertThat(bad.issues()).containsExactly(
                fx.error(4, "jails.a.weights.auth", "expected a number, got \"heavy\""),
                fx.error(4, "jails.a.weights.tls", "must be between 0 and 1000, got -1.0"));
    }

    @Test
    void maxBelowBanTimeIsAnError() {
        ConfigResult<WardenConfig> r = fx.load(
                "jails:\n  a:\n    logs: maillog\n    ban-time: 1d\n    ban-time-increment: {max: 1h}\n" + JAIL_TAIL);
        assertThat(r.issues()).containsExactly(
                fx.error(5, "jails.a.ban-time-increment.max", "must be at least the jail's ban-time (1d)"));
    }

    @Test
    void escalationMultipliesAndCaps() {
        BanTimeIncrement inc = new BanTimeIncrement(2.0, Duration.ofHours(5), false);
        Duration ban = Duration.ofHours(1);
        assertThat(inc.length(ban, 0)).isEqualTo(Duration.ofHours(1));
        assertThat(inc.length(ban, 1)).isEqualTo(Duration.ofHours(2));
        assertThat(inc.length(ban, 2)).isEqualTo(Duration.ofHours(4));
        assertThat(inc.length(ban, 3)).isEqualTo(Duration.ofHours(5));
        assertThat(inc.length(ban, 1000)).isEqualTo(Duration.ofHours(5));
        assertThat(BanTimeIncrement.NONE.length(ban, 7)).isEqualTo(ban);
    }

    @Test
    void millisecondDurations() {
        assertThat(Durations.parse("250ms")).contains(Duration.ofMillis(250));
        assertThat(Durations.parse("1s500ms")).contains(Duration.ofMillis(1500));
        assertThat(Durations.parse("10m")).contains(Duration.ofMinutes(10));
        assertThat(Durations.parse("5mss")).isEmpty();
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
    }

    @Test
    void ignoreSelfIsOnByDefaultAndCanBeTurnedOffGloballyOrPerJail() {
        WardenConfig on = fx.load("jails:\n  a:\n    logs: maillog\n" + JAIL_TAIL).value().orElseThrow();
        assertThat(on.jails().get("a").ignoreSelf()).isTrue();
        ConfigResult<WardenConfig> r = fx.load("""
                ignore-self: false
                jails:
                  a:
                    logs: maillog
                """ + JAIL_TAIL + """
                  b:
                    logs: maillog
                    ignore-self: true
                """ + JAIL_TAIL);
        assertThat(r.issues()).isEmpty();
        assertThat(r.value().orElseThrow().jails().get("a").ignoreSelf()).isFalse();
        assertThat(r.value().orElseThrow().jails().get("b").ignoreSelf()).isTrue();
        ConfigResult<WardenConfig> bad = fx.load("ignore-self: sometimes\njails:\n  a:\n    logs: maillog\n"
                + "    ignore-self: 3\n" + JAIL_TAIL);
        assertThat(bad.issues()).containsExactlyInAnyOrder(
                fx.error(1, "ignore-self", "expected true or false, got \"sometimes\""),
                fx.error(5, "jails.a.ignore-self", "expected true or false, got \"3\""));
    }

    @Test
    void theEffectiveIgnoreListAddsThisHostsAddressesOnlyWithIgnoreSelf() {
        WardenConfig c = fx.load("ignore: [198.51.100.0/24]\njails:\n  a:\n    logs: maillog\n" + JAIL_TAIL
                + "  b:\n    logs: maillog\n    ignore-self: false\n" + JAIL_TAIL).value().orElseThrow();
        dev.warden.core.net.IgnoreList self = dev.warden.core.net.IgnoreList.of(
                java.util.List.of(dev.warden.core.net.Cidr.parse("203.0.113.7").orElseThrow()));
        dev.warden.core.spi.IpAddress own = dev.warden.core.spi.IpAddress.parse("203.0.113.7").orElseThrow();
        dev.warden.core.spi.IpAddress listed = dev.warden.core.spi.IpAddress.parse("198.51.100.9").orElseThrow();
        assertThat(c.jails().get("a").effectiveIgnore(self).contains(own)).isTrue();
        assertThat(c.jails().get("a").effectiveIgnore(self).contains(listed)).isTrue();
        assertThat(c.jails().get("b").effectiveIgnore(self).contains(own)).isFalse();
        assertThat(c.jails().get("b").effectiveIgnore(self).contains(listed)).isTrue();
    }
}
