package dev.warden.core.daemon;

import dev.warden.core.config.BanTimeIncrement;
import dev.warden.core.engine.BanHistory;
import dev.warden.core.log.FileFollower;
import dev.warden.core.net.PrefixLengths;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.state.StateStore;
import dev.warden.core.state.WardenState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The daemon's engine on a hand-moved clock: applying, lifting, restoring, escalating, sharing addresses. */
class EngineTest {

    @TempDir
    Path dir;

    private EngineFixture fx;
    private Instant t0;

    @BeforeEach
    void setUp() {
        fx = new EngineFixture(dir);
        t0 = fx.clock.instant();
    }

    private Engine start(WardenState state, JailParts... jails) {
        return start(new Engine(fx.clock, new BanHistory()), state, jails);
    }

    private Engine start(Engine e, WardenState state, JailParts... jails) {
        e.history().restore(state.banCounts(), fx.clock.instant());
        Map<String, JailParts> parts = new LinkedHashMap<>();
        for (JailParts p : jails) {
            parts.put(p.name(), p);
        }
        e.install(parts, state, JailSources.follow(FileFollower.Start.BEGINNING, FileFollower.Settings.defaults(fx.clock)));
        return e;
    }

    @Test
    void aJournalJailGoesOnAfterItsCursorAndAFileJailNeverTakesOneUp() throws Exception {
        long micros = t0.toEpochMilli() * 1000;
        Path json = dir.resolve("entries.json");
        java.nio.file.Files.writeString(json, entry("s=a;i=1", micros) + entry("s=a;i=2", micros + 1));
        // a stand-in journalctl that records its arguments and prints the entries
        Path journalctl = dir.resolve("journalctl");
        java.nio.file.Files.writeString(journalctl, "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + dir.resolve("args")
                + "\ncat " + json + "\n");
        assertThat(journalctl.toFile().setExecutable(true)).isTrue();
        fx.fail("maillog", t0, "192.0.2.1");
        // each jail saved with the other kind of place too, as no Warden writes it: neither may take it up
        WardenState state = WardenState.empty()
                .withFile(new dev.warden.core.state.JailFile("sshd", new dev.warden.core.log.FilePosition(
                        dir.resolve("maillog"), dev.warden.core.log.FileIdentity.UNKNOWN, 0, 0, 0)))
                .withCursors(Map.of("sshd", "s=a;i=0", "smtpd", "s=b;i=9"));
        Engine e = new Engine(fx.clock, new BanHistory());
        Map<String, JailParts> parts = new LinkedHashMap<>();
        parts.put("smtpd", fx.jail("smtpd", "maillog", 5, Duration.ofMinutes(10)));
        parts.put("sshd", fx.journalJail("sshd", journalctl, 2, Duration.ofMinutes(10)));
        e.install(parts, state, JailSources.catchUp(FileFollower.Settings.defaults(fx.clock)));
        e.cycle();
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("args"))).containsExactly("--output=json",
                "--no-pager", "--unit=ssh.service", "--after-cursor=s=a;i=0");
        assertThat(fx.takeCalls()).as("both entries were read").containsExactly("sshd ban 192.0.2.9");
        WardenState saved = e.snapshot();
        e.close();
        assertThat(saved.cursorOf("sshd")).isEqualTo("s=a;i=2");
        assertThat(saved.filesOf("sshd")).as("a journal has no file position").isEmpty();
        assertThat(saved.cursorOf("smtpd")).as("a jail following files has no cursor").isNull();
        assertThat(saved.filesOf("smtpd")).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo(dir.resolve("maillog"));
            assertThat(p.offset()).isEqualTo(java.nio.file.Files.size(dir.resolve("maillog")));
        });
    }

    /** One journalctl JSON entry of {@code fail 192.0.2.9} by {@code test}. */
    private static String entry(String cursor, long micros) {
        return "{\"__CURSOR\":\"" + cursor + "\",\"__REALTIME_TIMESTAMP\":\"" + micros
                + "\",\"SYSLOG_IDENTIFIER\":\"test\",\"MESSAGE\":\"fail 192.0.2.9\"}\n";
    }

    @Test
    void bansInForceAreAppliedInOneBatchAndLiftedAtTheirEnd() {
        Engine e = start(WardenState.empty(), fx.jail("smtpd", "maillog", 2, Duration.ofMinutes(10)));
        fx.fail("maillog", t0, "192.0.2.1", "192.0.2.1", "192.0.2.2", "192.0.2.2", "192.0.2.3");
        assertThat(e.cycle()).isTrue();
        assertThat(fx.takeCalls()).containsExactly("smtpd ban 192.0.2.1 192.0.2.2");
        assertThat(e.nextWake()).isEqualTo(t0.plus(Duration.ofMinutes(10)));
        fx.clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(e.cycle()).isFalse();
        assertThat(fx.takeCalls()).isEmpty();
        fx.clock.advance(Duration.ofMillis(1));
        assertThat(e.cycle()).isTrue();
        assertThat(fx.takeCalls()).containsExactly("smtpd unban 192.0.2.1 192.0.2.2");
        assertThat(e.activeBans()).isEmpty();
        assertThat(e.nextWake()).isNull();
    }

    @Test
    void historyCountsButOnlyBansStillInForceAreApplied() {
        fx.fail("maillog", t0.minus(Duration.ofHours(3)), "192.0.2.1", "192.0.2.1");
        fx.fail("maillog", t0.minus(Duration.ofMinutes(5)), "192.0.2.2", "192.0.2.2");
        Engine e = start(WardenState.empty(), fx.jail("smtpd", "maillog", 2, Duration.ofMinutes(10)));
        e.cycle();
        assertThat(fx.takeCalls()).containsExactly("smtpd ban 192.0.2.2");
        assertThat(e.activeBans()).extracting(b -> b.end()).containsExactly(t0.plus(Duration.ofMinutes(5)));
        assertThat(e.history().count("smtpd", dev.warden.core.spi.IpAddress.parse("192.0.2.1").orElseThrow(), t0))
                .as("the ended ban still counts for escalation").isEqualTo(1);
    }

    @Test
    void aRestartReappliesBansWithTheirEndResumesReadingAndKeepsCountedFailures() {
        Engine first = start(WardenState.empty(), fx.jail("smtpd", "maillog", 3, Duration.ofHours(1)));
        fx.fail("maillog", t0, "192.0.2.1", "192.0.2.1", "192.0.2.1", "198.51.100.7", "198.51.100.7");
        first.cycle();
        assertThat(fx.takeCalls()).containsExactly("smtpd ban 192.0.2.1");
        WardenState saved = first.snapshot();
        first.close();
        assertThat(fx.takeCalls()).isEmpty();

        fx.clock.advance(Duration.ofMinutes(5));
        Engine second = start(saved, fx.jail("smtpd", "maillog", 3, Duration.ofHours(1)));
        assertThat(fx.takeCalls()).as("re-applied at start").containsExactly("smtpd ban 192.0.2.1");
        assertThat(second.activeBans()).singleElement()
                .satisfies(b -> assertThat(b.end()).isEqualTo(t0.plus(Duration.ofHours(1))));
        second.cycle();
        assertThat(fx.takeCalls()).as("old lines are not read again").isEmpty();
        fx.fail("maillog", fx.clock.instant(), "198.51.100.7");
        second.cycle();
        assertThat(fx.takeCalls()).as("two failures before the restart and one after make three")
                .containsExactly("smtpd ban 198.51.100.7");
    }

    @Test
    void bansThatEndedWhileStoppedAreLiftedAtStartAndNotReapplied() {
        Engine first = start(WardenState.empty(), fx.jail("smtpd", "maillog", 1, Duration.ofMinutes(10)));
        fx.fail("maillog", t0, "192.0.2.1");
        first.cycle();
        WardenState saved = first.snapshot();
        first.close();
        fx.takeCalls();
        fx.clock.advance(Duration.ofHours(1));
        Engine second = start(saved, fx.jail("smtpd", "maillog", 1, Duration.ofMinutes(10)));
        assertThat(fx.takeCalls()).containsExactly("smtpd unban 192.0.2.1");
        assertThat(second.activeBans()).isEmpty();
        assertThat(second.snapshot().bans()).isEmpty();
    }

    @Test
    void anAddressTwoJailsBanIsLiftedOnlyWhenTheLastBanEnds() {
        Engine e = start(WardenState.empty(), fx.jail("short", "maillog", 1, Duration.ofMinutes(10)),
                fx.jail("long", "maillog", 1, Duration.ofHours(1)));
        fx.fail("maillog", t0, "192.0.2.1");
        e.cycle();
        assertThat(fx.takeCalls()).containsExactly("short ban 192.0.2.1", "long ban 192.0.2.1");
        fx.clock.advance(Duration.ofMinutes(10));
        e.cycle();
        assertThat(fx.takeCalls()).as("long still bans it").isEmpty();
        assertThat(e.snapshot().bans()).as("the waiting unban is persisted").hasSize(2);
        fx.clock.advance(Duration.ofMinutes(50));
        e.cycle();
        assertThat(fx.takeCalls()).containsExactly("long unban 192.0.2.1", "short unban 192.0.2.1");
    }

    @Test
    void jailsWithDifferentTablesLiftAnAddressEachAtItsOwnEnd() {
        JailParts shortJail = fx.jail("short", "maillog", 1, Duration.ofMinutes(10));
        fx.table = "bot-ssh";
        JailParts longJail = fx.jail("long", "maillog", 1, Duration.ofHours(1));
        fx.table = "bot";
        JailParts sameTableSpelledOut = fx.jail("other", "other.log", 1, Duration.ofHours(1));
        Engine e = start(WardenState.empty(), shortJail, longJail, sameTableSpelledOut);
        fx.fail("maillog", t0, "192.0.2.1");
        fx.fail("other.log", t0, "192.0.2.1");
        e.cycle();
        fx.takeCalls();
        fx.clock.advance(Duration.ofMinutes(10));
        e.cycle();
        assertThat(fx.takeCalls()).as("'other' shares table bot (the default, written out): short waits for it")
                .isEmpty();
        fx.clock.advance(Duration.ofMinutes(50));
        e.cycle();
        assertThat(fx.takeCalls()).as("long's table bot-ssh is lifted at its own end").containsExactlyInAnyOrder(
                "long unban 192.0.2.1", "other unban 192.0.2.1", "short unban 192.0.2.1");
    }

    @Test
    void aJailWithItsOwnTableDoesNotHoldBackAnother() {
        fx.table = "bot-ssh";
        JailParts sshd = fx.jail("sshd", "maillog", 1, Duration.ofMinutes(10));
        fx.table = null;
        Engine e = start(WardenState.empty(), sshd, fx.jail("smtpd", "maillog", 1, Duration.ofHours(1)));
        fx.fail("maillog", t0, "192.0.2.1");
        e.cycle();
        fx.takeCalls();
        fx.clock.advance(Duration.ofMinutes(10));
        e.cycle();
        assertThat(fx.takeCalls()).containsExactly("sshd unban 192.0.2.1");
    }

    @Test
    void banTimesEscalateWithEarlierBansInThisJailOrAcrossJails() {
        BanTimeIncrement perJail = new BanTimeIncrement(2, Duration.ofMinutes(30), false);
        BanTimeIncrement across = new BanTimeIncrement(2, Duration.ofMinutes(30), true);
        Engine e = start(WardenState.empty(), fx.jail("a", "a.log", 1, Duration.ofMinutes(10), perJail),
                fx.jail("b", "b.log", 1, Duration.ofMinutes(10), across));
        List<Duration> a = new java.util.ArrayList<>();
        List<Duration> b = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Instant now = fx.clock.instant();
            fx.fail("a.log", now, "192.0.2.1");
            fx.fail("b.log", now, "192.0.2.1");
            e.cycle();
            for (Ban ban : e.activeBans()) {
                (ban.jail().equals("a") ? a : b).add(Duration.between(ban.start(), ban.end()));
            }
            fx.clock.advance(Duration.ofHours(1));
            e.cycle();
        }
        assertThat(a).containsExactly(Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(30),
                Duration.ofMinutes(30));
        assertThat(b).as("counts a's bans too (a bans first each round)").containsExactly(Duration.ofMinutes(20),
                Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofMinutes(30));
    }

    @Test
    void escalationIsForgottenOnceTheLatestBanEndedLongerThanForgetAfterAgo() {
        BanTimeIncrement inc = new BanTimeIncrement(2, Duration.ofHours(4), false, Duration.ofDays(1));
        Engine e = start(WardenState.empty(), fx.jail("a", "a.log", 1, Duration.ofMinutes(10), inc));
        dev.warden.core.spi.IpAddress a = dev.warden.core.spi.IpAddress.parse("192.0.2.1").orElseThrow();
        fx.fail("a.log", t0, "192.0.2.1");
        e.cycle();
        fx.clock.advance(Duration.ofHours(12));
        fx.fail("a.log", fx.clock.instant(), "192.0.2.1");
        e.cycle();
        assertThat(e.activeBans()).singleElement().satisfies(b ->
                assertThat(Duration.between(b.start(), b.end())).as("within forget-after: doubled")
                        .isEqualTo(Duration.ofMinutes(20)));
        Instant lastEnd = fx.clock.instant().plus(Duration.ofMinutes(20));
        fx.clock.set(lastEnd.plus(Duration.ofDays(1)));
        e.cycle();
        assertThat(e.snapshot().banCount("a", a)).as("exactly forget-after: kept").isEqualTo(2);
        fx.clock.advance(Duration.ofSeconds(1));
        assertThat(e.snapshot().banCounts()).as("the snapshot prunes it").isEmpty();
        fx.fail("a.log", fx.clock.instant(), "192.0.2.1");
        e.cycle();
        assertThat(e.activeBans()).singleElement().satisfies(b ->
                assertThat(Duration.between(b.start(), b.end())).as("forgotten: base ban time")
                        .isEqualTo(Duration.ofMinutes(10)));
    }

    @Test
    void countsPersistedWithoutAnEndAreRememberedFromTheStart() {
        dev.warden.core.spi.IpAddress a = dev.warden.core.spi.IpAddress.parse("192.0.2.1").orElseThrow();
        WardenState old = WardenState.empty().withBanCount("a", a, 3);
        Engine e = start(old, fx.jail("a", "a.log", 1, Duration.ofMinutes(10)));
        assertThat(e.snapshot().banCounts().get("a").get(a))
                .isEqualTo(new dev.warden.core.state.BanCount(3, t0));
    }

    @Test
    void manualBanAndUnbanWithTheirRefusals() throws Exception {
        Engine e = start(WardenState.empty(),
                fx.jail("smtpd", "maillog", 3, Duration.ofHours(1), BanTimeIncrement.NONE, "192.0.2.0/24"));
        ControlOperations ops = new ControlOperations(e);
        Ban b = ops.ban("smtpd", "2001:DB8::0:1", Duration.ofMinutes(7)).value();
        assertThat(b.address().toString()).isEqualTo("2001:db8::1");
        assertThat(b.end()).isEqualTo(t0.plus(Duration.ofMinutes(7)));
        assertThat(b.origin()).isEqualTo(Ban.Origin.MANUAL);
        assertThat(fx.takeCalls()).containsExactly("smtpd ban 2001:db8::1");
        assertThatThrownBy(() -> ops.ban("smtpd", "192.0.2.9", null))
                .hasMessage("192.0.2.9 is on jail smtpd's ignore list: not banned");
        assertThatThrownBy(() -> ops.ban("nope", "198.51.100.1", null))
                .hasMessage("no jail named 'nope'; jails: smtpd");
        assertThatThrownBy(() -> ops.ban("smtpd", "host.example", null)).hasMessage("not an IP address or network: 'host.example'");
        assertThat(ops.unban("2001:db8::1", null).value()).hasSize(1);
        assertThat(fx.takeCalls()).containsExactly("smtpd unban 2001:db8::1");
        assertThatThrownBy(() -> ops.unban("2001:db8::1", null)).hasMessage("2001:db8::1 is not banned");
        assertThat(e.snapshot().bans()).isEmpty();
        fx.clock.advance(Duration.ofMinutes(8));
        e.cycle();
        assertThat(fx.takeCalls()).as("the lifted ban's schedule entry is ignored").isEmpty();
    }

    @Test
    void unbanAllLiftsEveryBanInForceInOneBatchPerJail() throws Exception {
        Engine e = start(WardenState.empty(), fx.jail("smtpd", "maillog", 1, Duration.ofHours(1)),
                fx.jail("sshd", "authlog", 1, Duration.ofHours(1)));
        fx.fail("maillog", t0, "198.51.100.1", "198.51.100.2");
        fx.fail("authlog", t0, "198.51.100.3");
        e.cycle();
        fx.takeCalls();
        ControlOperations ops = new ControlOperations(e);
        assertThat(ops.unbanAll("smtpd").value()).extracting(b -> b.address().toString())
                .containsExactly("198.51.100.1", "198.51.100.2");
        assertThat(fx.takeCalls()).containsExactly("smtpd unban 198.51.100.1 198.51.100.2");
        assertThatThrownBy(() -> ops.unbanAll("smtpd")).hasMessage("no bans in force in jail smtpd");
        assertThat(ops.unbanAll(null).value()).hasSize(1);
        assertThat(fx.takeCalls()).containsExactly("sshd unban 198.51.100.3");
        assertThatThrownBy(() -> ops.unbanAll(null)).hasMessage("no bans in force");
        fx.fail("maillog", t0.plusSeconds(1), "198.51.100.1");
        e.cycle();
        assertThat(fx.takeCalls()).as("new failures earn a new ban").containsExactly("smtpd ban 198.51.100.1");
    }

    @Test
    void aBanByHandForgetsTheFailuresCountedSoFar() throws Exception {
        Engine e = start(WardenState.empty(), fx.jail("smtpd", "maillog", 3, Duration.ofHours(1)));
        ControlOperations ops = new ControlOperations(e);
        fx.fail("maillog", t0, "192.0.2.1", "192.0.2.1");
        e.cycle();
        ops.ban("smtpd", "192.0.2.1", Duration.ofMinutes(1));
        ops.unban("192.0.2.1", null);
        fx.takeCalls();
        fx.fail("maillog", fx.clock.instant(), "192.0.2.1");
        e.cycle();
        assertThat(fx.takeCalls()).as("one new failure, not three").isEmpty();
    }

    @Test
    void unbanOnStopLiftsThroughTheActionsButKeepsBansForTheNextStart() {
        Engine e = start(WardenState.empty(), fx.jail("smtpd", "maillog", 1, Duration.ofHours(1)));
        fx.fail("maillog", t0, "192.0.2.1");
        e.cycle();
        fx.takeCalls();
        e.liftBans(List.of("smtpd"), true);
        WardenState saved = e.snapshot();
        e.close();
        assertThat(fx.takeCalls()).containsExactly("smtpd unban 192.0.2.1");
        assertThat(saved.bans()).hasSize(1);
    }

    @Test
    void aJailDroppedByAReloadLiftsItsBansWhileKeptJailsKeepTheirs() {
        Engine e = start(WardenState.empty(), fx.jail("a", "a.log", 1, Duration.ofHours(1)),
                fx.jail("b", "b.log", 1, Duration.ofHours(1)));
        fx.fail("a.log", t0, "192.0.2.1");
        fx.fail("b.log", t0, "192.0.2.2");
        e.cycle();
        fx.takeCalls();
        e.liftBans(List.of("a"), false);
        WardenState state = e.snapshot();
        e.close();
        assertThat(fx.takeCalls()).containsExactly("b unban 192.0.2.2");
        Map<String, JailParts> next = new LinkedHashMap<>();
        next.put("a", fx.jail("a", "a.log", 1, Duration.ofHours(1)));
        e.install(next, state, JailSources.follow(FileFollower.Start.BEGINNING, FileFollower.Settings.defaults(fx.clock)));
        assertThat(fx.takeCalls()).containsExactly("a ban 192.0.2.1");
        e.cycle();
        assertThat(fx.takeCalls()).as("positions carried over the reload").isEmpty();
    }

    @Test
    void failedBansAreAppliedAgainEveryThirtySecondsUntilTheyWork() {
        Engine e = start(WardenState.empty(), fx.jail("smtpd", "maillog", 1, Duration.ofHours(1)));
        fx.failing = true;
        fx.fail("maillog", t0, "192.0.2.1");
        e.cycle();
        assertThat(fx.takeCalls()).containsExactly("smtpd ban 192.0.2.1");
        assertThat(e.actionFailures()).isEqualTo(1);
        assertThat(e.nextWake()).isEqualTo(t0.plus(ActionRetry.INTERVAL));
        fx.clock.advance(ActionRetry.INTERVAL);
        e.cycle();
        assertThat(fx.takeCalls()).as("still failing: tried again").containsExactly("smtpd ban 192.0.2.1");
        fx.failing = false;
        fx.clock.advance(ActionRetry.INTERVAL.minusSeconds(1));
        e.cycle();
        assertThat(fx.takeCalls()).isEmpty();
        fx.clock.advance(Duration.ofSeconds(1));
        e.cycle();
        assertThat(fx.takeCalls()).containsExactly("smtpd ban 192.0.2.1");
        fx.clock.advance(ActionRetry.INTERVAL);
        e.cycle();
        assertThat(fx.takeCalls()).as("done: not tried again").isEmpty();
    }

    @Test
    void aRetryIsDueAtOnceWhenTheClockStepsBackAndTheBansStayInForce() {
        Engine e = start(WardenState.empty(), fx.jail("smtpd", "maillog", 1, Duration.ofHours(2)));
        e.retryInterval(Duration.ofSeconds(10));
        fx.failing = true;
        fx.fail("maillog", t0, "192.0.2.1");
        e.cycle();
        assertThat(fx.takeCalls()).containsExactly("smtpd ban 192.0.2.1");
        assertThat(e.nextWake()).isEqualTo(t0.plusSeconds(10));
        fx.failing = false;
        fx.clock.advance(Duration.ofHours(-1));
        assertThat(e.nextWake()).as("due now, not in an hour and ten seconds").isEqualTo(fx.clock.instant());
        e.cycle();
        assertThat(fx.takeCalls()).as("the ban began after the clock's now, and is in force all the same")
                .containsExactly("smtpd ban 192.0.2.1");
        assertThat(e.activeBans()).extracting(b -> b.address().toString()).containsExactly("192.0.2.1");
        assertThat(e.snapshot().bans()).hasSize(1);
    }

    @Test
    void aFailedUnbanIsRepeatedAndPersistedAsEndedUntilItWorks() {
        Engine e = start(WardenState.empty(), fx.jail("smtpd", "maillog", 1, Duration.ofMinutes(10)));
        fx.fail("maillog", t0, "192.0.2.1");
        e.cycle();
        fx.takeCalls();
        fx.failing = true;
        fx.clock.advance(Duration.ofMinutes(10));
        e.cycle();
        assertThat(fx.takeCalls()).containsExactly("smtpd unban 192.0.2.1");
        WardenState saved = e.snapshot();
        assertThat(saved.bans()).singleElement()
                .satisfies(b -> assertThat(b.end()).isBeforeOrEqualTo(fx.clock.instant()));
        e.close();
        fx.failing = false;
        Engine again = start(saved, fx.jail("smtpd", "maillog", 1, Duration.ofMinutes(10)));
        assertThat(fx.takeCalls()).as("lifted at the next start, not re-applied").containsExactly(
                "smtpd unban 192.0.2.1");
        assertThat(again.activeBans()).isEmpty();
    }

    @Test
    void aSessionOpenedBeforeARestartKeepsItsAddressIfTheFilterTypeIsTheSame() {
        fx.filter = EngineFixture.SessionFilter::new;
        fx.filterType = "sessions";
        Engine first = start(WardenState.empty(), fx.jail("smtpd", "maillog", 1, Duration.ofHours(1)));
        fx.write("maillog", t0, "open s1 192.0.2.1");
        first.cycle();
        WardenState saved = first.snapshot();
        first.close();
        assertThat(saved.filterStates()).containsEntry("smtpd", "sessions\ns1 192.0.2.1\n");

        Engine second = start(saved, fx.jail("smtpd", "maillog", 1, Duration.ofHours(1)));
        fx.write("maillog", t0, "fail s1");
        second.cycle();
        assertThat(fx.takeCalls()).containsExactly("smtpd ban 192.0.2.1");
        second.close();

        fx.filterType = "other";
        Engine third = start(saved, fx.jail("smtpd", "maillog", 1, Duration.ofHours(1)));
        fx.write("maillog", t0, "fail s1");
        third.cycle();
        assertThat(fx.takeCalls()).as("another filter type gets no state: the session is unknown").isEmpty();
        assertThat(third.jails().get("smtpd").jail().unattributed()).as("both fail lines after the saved position")
                .isEqualTo(2);
    }

    @Test
    void everyBanIsWrittenAheadBeforeAnyActionAppliesItByTheLogsOrByHand() throws Exception {
        List<String> journal = fx.calls;   // one list: the order of journal and action calls is what is checked
        Engine e = start(new Engine(fx.clock, new BanHistory(), bans -> journal.add("journal "
                        + bans.stream().map(b -> b.jail() + "/" + b.address()).toList())),
                WardenState.empty(), fx.jail("smtpd", "maillog", 2, Duration.ofMinutes(10)),
                fx.jail("sshd", "authlog", 1, Duration.ofMinutes(10)));
        fx.fail("maillog", t0, "192.0.2.1", "192.0.2.1", "192.0.2.2", "192.0.2.2");
        fx.fail("authlog", t0, "198.51.100.1");
        fx.fail("maillog", t0.minus(Duration.ofHours(2)), "203.0.113.9", "203.0.113.9");   // ended: not applied
        e.cycle();
        assertThat(fx.takeCalls()).containsExactly(
                "journal [smtpd/192.0.2.1, smtpd/192.0.2.2, sshd/198.51.100.1]",
                "smtpd ban 192.0.2.1 192.0.2.2", "sshd ban 198.51.100.1");
        new ControlOperations(e).ban("sshd", "198.51.100.50", Duration.ofHours(1));
        assertThat(fx.takeCalls()).containsExactly("journal [sshd/198.51.100.50]", "sshd ban 198.51.100.50");
        fx.clock.advance(Duration.ofMinutes(10));
        e.cycle();
        assertThat(fx.takeCalls()).as("unbans are not journaled").containsExactly(
                "smtpd unban 192.0.2.1 192.0.2.2", "sshd unban 198.51.100.1");
    }

    @Test
    void afterACrashTheLinesSinceTheLastSaveAreReadAgainAndTheJournaledBanAbsorbsThem() throws Exception {
        Path stateDir = dir.resolve("state");
        Engine first;
        WardenState crashed;
        try (StateStore store = StateStore.open(stateDir)) {
            first = start(new Engine(fx.clock, new BanHistory(), bans -> {
                try {
                    store.appendBans(bans);
                } catch (java.io.IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            }), WardenState.empty(), fx.jail("smtpd", "maillog", 3, Duration.ofMinutes(1)));
            fx.fail("maillog", t0, "192.0.2.1", "192.0.2.1", "198.51.100.7");
            first.cycle();
            store.save(first.snapshot());   // the last save: two failures of .1, one of .7
            fx.fail("maillog", t0.plusSeconds(1), "192.0.2.1", "198.51.100.7");
            first.cycle();   // .1 banned (journaled), .7 at two failures, then kill -9: no save
            assertThat(fx.takeCalls()).containsExactly("smtpd ban 192.0.2.1");
        }
        try (StateStore store = StateStore.open(stateDir)) {
            crashed = store.load();
        }
        IpAddress one = IpAddress.parse("192.0.2.1").orElseThrow();
        assertThat(crashed.bans()).extracting(Ban::address).containsExactly(one);
        assertThat(crashed.banCount("smtpd", one)).isEqualTo(1);

        fx.clock.advance(Duration.ofSeconds(30));
        Engine second = start(crashed, fx.jail("smtpd", "maillog", 3, Duration.ofMinutes(1)));
        second.cycle();
        assertThat(fx.takeCalls()).as("re-applied once; the line read again does not ban it again")
                .containsExactly("smtpd ban 192.0.2.1");
        assertThat(second.history().count("smtpd", one, fx.clock.instant())).isEqualTo(1);
        assertThat(second.jails().get("smtpd").jail().failuresCounted())
                .as(".7's two failures, each once; none of .1's").isEqualTo(2);

        fx.clock.advance(Duration.ofMinutes(1));
        fx.fail("maillog", fx.clock.instant(), "192.0.2.1", "198.51.100.7");
        second.cycle();
        assertThat(fx.takeCalls()).as("after its ban .1 starts from zero, as without the crash; .7 has three")
                .containsExactlyInAnyOrder("smtpd unban 192.0.2.1", "smtpd ban 198.51.100.7");
    }

    @Test
    void aJournaledBanThatEndedWhileStoppedIsLiftedAndTheLinesReadAgainDoNotDecideItAgain() throws Exception {
        Path stateDir = dir.resolve("state");
        try (StateStore store = StateStore.open(stateDir)) {
            Engine first = start(new Engine(fx.clock, new BanHistory(), bans -> {
                try {
                    store.appendBans(bans);
                } catch (java.io.IOException ex) {
                    throw new java.io.UncheckedIOException(ex);
                }
            }), WardenState.empty(), fx.jail("smtpd", "maillog", 1, Duration.ofMinutes(1)));
            first.cycle();
            store.save(first.snapshot());
            fx.fail("maillog", t0, "192.0.2.1");
            first.cycle();   // banned and journaled, then kill -9
        }
        WardenState crashed;
        try (StateStore store = StateStore.open(stateDir)) {
            crashed = store.load();
        }
        fx.takeCalls();
        fx.clock.advance(Duration.ofMinutes(5));
        Engine second = start(crashed, fx.jail("smtpd", "maillog", 1, Duration.ofMinutes(1)));
        second.cycle();
        IpAddress one = IpAddress.parse("192.0.2.1").orElseThrow();
        assertThat(fx.takeCalls()).containsExactly("smtpd unban 192.0.2.1");
        assertThat(second.jails().get("smtpd").jail().failures()).as("the line was read again").isEqualTo(1);
        assertThat(second.history().count("smtpd", one, fx.clock.instant())).as("and did not decide the ban again").isEqualTo(1);
        assertThat(second.snapshot().bans()).isEmpty();
    }

    @Test
    void withIgnoreSelfLoopbackNeverCountsWithoutItItIsBannedLikeAnyAddress() {
        fx.ignoreSelf = true;
        Engine spared = start(WardenState.empty(), fx.jail("smtpd", "maillog", 1, Duration.ofMinutes(10)));
        fx.fail("maillog", t0, "127.0.0.1", "::1", "198.51.100.77");
        spared.cycle();
        assertThat(fx.takeCalls()).containsExactly("smtpd ban 198.51.100.77");
        assertThat(spared.jails().get("smtpd").jail().ignoredFailures()).isEqualTo(2);
        spared.close();

        fx.ignoreSelf = false;
        Engine plain = start(WardenState.empty(), fx.jail("other", "authlog", 1, Duration.ofMinutes(10)));
        fx.fail("authlog", t0, "127.0.0.1", "::1");
        plain.cycle();
        assertThat(fx.takeCalls()).containsExactly("other ban 127.0.0.1 ::1");
    }

    /** The control operations of an engine running {@code jail}, after its first round. */
    private ControlOperations operations(JailParts jail) {
        Engine e = start(WardenState.empty(), jail);
        e.cycle();
        return new ControlOperations(e);
    }

    @Test
    void anAddressInsideABannedPrefixLiftsThePrefixAndNamesIt() throws Exception {
        fx.prefixes = new PrefixLengths(32, 64);
        fx.fail("maillog", t0, "2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2::3");
        ControlOperations ops = operations(fx.jail("smtpd", "maillog", 3, Duration.ofHours(1)));
        assertThat(fx.takeCalls()).containsExactly("smtpd ban 2001:db8:1:2::/64");
        assertThat(ops.bans(null)).extracting(b -> b.address().toString()).containsExactly("2001:db8:1:2::/64");

        assertThatThrownBy(() -> ops.unban("2001:db8:1:3::1", null)).hasMessage("2001:db8:1:3::1 is not banned");
        ControlOperations.Done<java.util.List<Ban>> done = ops.unban("2001:db8:1:2::99", null);
        assertThat(done.value()).extracting(b -> b.address().toString()).containsExactly("2001:db8:1:2::/64");
        assertThat(fx.takeCalls()).containsExactly("smtpd unban 2001:db8:1:2::/64");
        assertThat(ops.bans(null)).isEmpty();
    }

    @Test
    void aNetworkIsBannedByHandAsOneEntryWithItsHostBitsCleared() throws Exception {
        ControlOperations ops = operations(fx.jail("sshd", "auth.log", 3, Duration.ofHours(1)));
        Ban ban = ops.ban("sshd", " 2001:db8:9::5/48 ", Duration.ofHours(2)).value();
        assertThat(ban.address()).hasToString("2001:db8:9::/48");
        assertThat(fx.takeCalls()).containsExactly("sshd ban 2001:db8:9::/48");
        assertThat(ops.ban("sshd", "2001:db8:9::/48", Duration.ofHours(1)).note())
                .isEqualTo("2001:db8:9::/48 is already banned in sshd until " + ban.end()
                        + ", which is not sooner: kept (unban it first to shorten it)");
        assertThat(ops.ban("sshd", "2001:db8:9::7", Duration.ofHours(1)).value().address())
                .as("an address is banned alone, even inside a banned network").hasToString("2001:db8:9::7");
        fx.takeCalls();
        assertThat(ops.unban("2001:db8:9::/48", null).value()).as("a network lifts the bans inside it too")
                .extracting(b -> b.address().toString()).containsExactlyInAnyOrder("2001:db8:9::/48", "2001:db8:9::7");
    }

    @Test
    void aNetworkHoldingAnIgnoredAddressIsNotBanned() {
        ControlOperations ops = operations(fx.jail("sshd", "auth.log", 3, Duration.ofHours(1),
                BanTimeIncrement.NONE, "198.51.100.7"));
        assertThatThrownBy(() -> ops.ban("sshd", "198.51.100.0/24", null))
                .hasMessage("198.51.100.0/24 holds an address on jail sshd's ignore list: not banned");
        assertThatThrownBy(() -> ops.ban("sshd", "198.51.100.7", null))
                .hasMessage("198.51.100.7 is on jail sshd's ignore list: not banned");
        assertThatThrownBy(() -> ops.ban("sshd", "198.51.100.0/33", null))
                .hasMessage("not an IP address or network: '198.51.100.0/33'");
        assertThat(fx.takeCalls()).isEmpty();
    }

    @Test
    void aJailWhoseActionTakesNoNetworksRefusesOneByHandButNotAnAddress() throws Exception {
        fx.actionTakesNetworks = false;
        ControlOperations ops = operations(fx.jail("sshd", "auth.log", 3, Duration.ofHours(1)));
        assertThatThrownBy(() -> ops.ban("sshd", "2001:db8::/64", null))
                .hasMessage("jail sshd's action rec does not take bans of networks: 2001:db8::/64 not banned");
        assertThat(ops.ban("sshd", "2001:db8::1/128", null).value().address()).hasToString("2001:db8::1");
        assertThat(fx.takeCalls()).containsExactly("sshd ban 2001:db8::1");
    }
}
