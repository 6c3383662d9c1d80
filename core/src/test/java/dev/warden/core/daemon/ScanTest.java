package dev.warden.core.daemon;

import dev.warden.core.log.FileFollower;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.state.StateStore;
import dev.warden.core.state.WardenState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code warden scan}: one round of the engine in each of its modes. */
class ScanTest {

    @TempDir
    Path dir;

    private JailSources follow(EngineFixture fx) {
        return JailSources.catchUp(FileFollower.Settings.defaults(fx.clock));
    }

    /** The store's keeper, but the save after the round never happens (the scan is killed before it). */
    private static StateKeeper killedBeforeTheLastSave(StateStore store) {
        StateKeeper live = StateKeeper.of(store);
        int[] saves = {0};
        return new StateKeeper() {
            @Override
            public WardenState load() throws IOException {
                return live.load();
            }

            @Override
            public void save(WardenState state) throws IOException {
                if (saves[0]++ == 0) {
                    live.save(state);
                }
            }

            @Override
            public void appendBans(List<Ban> bans) throws IOException {
                live.appendBans(bans);
            }

            @Override
            public long journalBytes() {
                return live.journalBytes();
            }

            @Override
            public Path directory() {
                return live.directory();
            }
        };
    }

    @Test
    void aRecordedScanJournalsItsBansBeforeApplyingThemSoAKillBeforeTheSaveLosesNone() throws Exception {
        EngineFixture fx = new EngineFixture(dir);
        Map<String, JailParts> jails = new LinkedHashMap<>();
        jails.put("smtpd", fx.jail("smtpd", "maillog", 2, Duration.ofHours(1)));
        fx.fail("maillog", fx.clock.instant(), "198.51.100.1", "198.51.100.1", "198.51.100.2");
        Path stateDir = dir.resolve("state");
        Scan.Outcome o;
        try (StateStore store = StateStore.open(stateDir)) {
            o = Scan.run(fx.clock, jails, follow(fx), killedBeforeTheLastSave(store));
            assertThat(Files.readString(stateDir.resolve(StateStore.JOURNAL))).contains("ban smtpd 198.51.100.1 ");
        }
        assertThat(fx.takeCalls()).containsExactly("smtpd ban 198.51.100.1");
        assertThat(o.inForce()).extracting(b -> b.address().toString()).containsExactly("198.51.100.1");
        WardenState afterKill;
        try (StateStore store = StateStore.open(stateDir)) {
            afterKill = store.load();
        }
        assertThat(afterKill.bans()).extracting(Ban::address).containsExactlyElementsOf(
                o.inForce().stream().map(Ban::address).toList());
        assertThat(afterKill.files()).as("positions are only in the last save").isEmpty();
    }

    /** Jail smtpd (max-retry 2) with one failure of 198.51.100.1 in its log, scanned once into {@code state}. */
    private Scan.Outcome firstLiveScan(EngineFixture fx, Map<String, JailParts> jails, Path stateDir) throws Exception {
        jails.put("smtpd", fx.jail("smtpd", "maillog", 2, Duration.ofHours(1)));
        fx.fail("maillog", fx.clock.instant(), "198.51.100.1");
        try (StateStore store = StateStore.open(stateDir)) {
            return Scan.run(fx.clock, jails, follow(fx), StateKeeper.of(store));
        }
    }

    @Test
    void aLiveScanKeepsWhatTheDaemonKeptOfTheFleet() throws Exception {
        EngineFixture fx = new EngineFixture(dir);
        Path stateDir = dir.resolve("state");
        java.time.Instant t = fx.clock.instant();
        dev.warden.core.state.FleetState fleet = new dev.warden.core.state.FleetState("warden:bans", "17-0",
                List.of(new dev.warden.core.fleet.FleetEntry(dev.warden.core.fleet.FleetEntry.Op.BAN,
                        dev.warden.core.spi.IpAddress.parse("203.0.113.7").orElseThrow(), "sshd", "mx2", t,
                        t.plusSeconds(3600), 4)), List.of());
        try (StateStore store = StateStore.open(stateDir)) {
            store.save(WardenState.empty().withFleet(fleet));
        }
        Map<String, JailParts> jails = new LinkedHashMap<>();
        Scan.Outcome o = firstLiveScan(fx, jails, stateDir);
        assertThat(o.state().fleet()).isEqualTo(fleet);
        try (StateStore store = StateStore.open(stateDir)) {
            assertThat(store.load().fleet()).isEqualTo(fleet);
            assertThat(store.load().files()).isNotEmpty();
        }
    }

    @Test
    void aLiveScanSavesPositionsSoTheNextReadsOnlyNewLines() throws Exception {
        EngineFixture fx = new EngineFixture(dir);
        Map<String, JailParts> jails = new LinkedHashMap<>();
        Path stateDir = dir.resolve("state");
        Scan.Outcome first = firstLiveScan(fx, jails, stateDir);
        assertThat(first.inForce()).isEmpty();
        assertThat(first.status().get(0).lines()).isEqualTo(1);
        fx.fail("maillog", fx.clock.instant(), "198.51.100.1");
        jails.put("smtpd", fx.jail("smtpd", "maillog", 2, Duration.ofHours(1)));
        try (StateStore store = StateStore.open(stateDir)) {
            Scan.Outcome second = Scan.run(fx.clock, jails, follow(fx), StateKeeper.of(store));
            assertThat(second.status().get(0).lines()).as("only the new line").isEqualTo(1);
            assertThat(second.inForce()).extracting(b -> b.address().toString()).containsExactly("198.51.100.1");
        }
    }

    @Test
    void aDryRunStartsFromTheLiveStateAndWritesNothing() throws Exception {
        EngineFixture fx = new EngineFixture(dir);
        Map<String, JailParts> jails = new LinkedHashMap<>();
        Path stateDir = dir.resolve("state");
        firstLiveScan(fx, jails, stateDir);
        byte[] before = Files.readAllBytes(stateDir.resolve(StateStore.CURRENT));
        fx.fail("maillog", fx.clock.instant(), "198.51.100.1");
        jails.put("smtpd", fx.jail("smtpd", "maillog", 2, Duration.ofHours(1)));
        Scan.Outcome dry = Scan.run(fx.clock, jails, follow(fx), StateKeeper.dryRun(stateDir));
        assertThat(dry.inForce()).as("the saved failure and the new one").hasSize(1);
        assertThat(Files.readAllBytes(stateDir.resolve(StateStore.CURRENT))).isEqualTo(before);
        assertThat(stateDir.resolve(StateStore.JOURNAL)).doesNotExist();
        assertThat(StateKeeper.dryRun(dir.resolve("none")).load().bans()).isEmpty();
        assertThat(dir.resolve("none")).doesNotExist();
    }

    @Test
    void aStatelessScanReadsWholeFilesAndLiftsTheBansThatEndedInThem() throws Exception {
        EngineFixture fx = new EngineFixture(dir);
        Map<String, JailParts> jails = new LinkedHashMap<>();
        jails.put("smtpd", fx.jail("smtpd", "maillog", 2, Duration.ofHours(1)));
        fx.fail("maillog", fx.clock.instant().minus(Duration.ofHours(3)), "198.51.100.9", "198.51.100.9");
        fx.fail("maillog", fx.clock.instant().minusSeconds(60), "198.51.100.1", "198.51.100.1");
        Scan.Outcome o = Scan.run(fx.clock, jails, JailSources.wholeFiles(List.of()), StateKeeper.none());
        assertThat(o.inForce()).extracting(b -> b.address().toString()).containsExactly("198.51.100.1");
        assertThat(fx.takeCalls()).containsExactly("smtpd ban 198.51.100.1", "smtpd unban 198.51.100.9");
        assertThat(o.state()).as("no state: no snapshot").isEqualTo(WardenState.empty());
    }

    @Test
    void aLineTheFilterThrowsOnIsSkippedAndCountedAndTheScanGoesOn() throws Exception {
        EngineFixture fx = new EngineFixture(dir);
        fx.filter = () -> (Filter) (line, sink) -> {
            String m = line.message();
            if (m.contains("boom")) {
                throw new IllegalStateException("bad filter");
            }
            IpAddress.parse(m.substring(m.lastIndexOf(' ') + 1)).ifPresent(a -> sink.failure(a, line.epochMillis(), "x"));
        };
        Map<String, JailParts> jails = new LinkedHashMap<>();
        jails.put("smtpd", fx.jail("smtpd", "maillog", 2, Duration.ofHours(1)));
        fx.write("maillog", fx.clock.instant().minusSeconds(3), "fail 192.0.2.1");
        fx.write("maillog", fx.clock.instant().minusSeconds(2), "boom 192.0.2.1");
        fx.write("maillog", fx.clock.instant().minusSeconds(1), "fail 192.0.2.1");
        for (JailSources sources : List.of(JailSources.wholeFiles(List.of()), follow(fx))) {
            jails.put("smtpd", fx.jail("smtpd", "maillog", 2, Duration.ofHours(1)));
            Scan.Outcome o = Scan.run(fx.clock, jails, sources, StateKeeper.none());
            JailStatus s = o.status().get(0);
            assertThat(s.skippedLines()).as("%s", sources).isEqualTo(1);
            assertThat(s.lines()).isEqualTo(3);
            assertThat(s.failuresTotal()).isEqualTo(2);
            assertThat(o.inForce()).hasSize(1);
        }
    }

    @Test
    void aLogThatCannotBeReadIsCountedAndTheOtherJailsStillBan() throws Exception {
        EngineFixture fx = new EngineFixture(dir);
        Map<String, JailParts> jails = new LinkedHashMap<>();
        jails.put("a", fx.jail("a", "maillog", 1, Duration.ofHours(1)));
        jails.put("b", fx.jail("b", "authlog", 1, Duration.ofHours(1)));
        fx.fail("authlog", fx.clock.instant(), "198.51.100.7");
        Files.delete(dir.resolve("maillog"));
        Files.createDirectory(dir.resolve("maillog"));
        Scan.Outcome o = Scan.run(fx.clock, jails, JailSources.wholeFiles(List.of()), StateKeeper.none());
        assertThat(o.readFailures()).isEqualTo(1);
        assertThat(o.inForce()).extracting(b -> b.jail() + " " + b.address()).containsExactly("b 198.51.100.7");
    }
}
