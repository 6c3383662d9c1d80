package dev.warden.core.daemon;

import dev.warden.core.spi.Ban;
import dev.warden.core.state.StateStore;
import dev.warden.core.state.WardenState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code warden scan} with state: one round of the engine, its bans journaled before they are applied. */
class StatefulScanTest {

    @TempDir
    Path dir;

    @Test
    void aRecordedScanJournalsItsBansBeforeApplyingThemSoAKillBeforeTheSaveLosesNone() throws Exception {
        EngineFixture fx = new EngineFixture(dir);
        Map<String, JailParts> jails = new LinkedHashMap<>();
        jails.put("smtpd", fx.jail("smtpd", "maillog", 2, Duration.ofHours(1)));
        fx.fail("maillog", fx.clock.instant(), "198.51.100.1", "198.51.100.1", "198.51.100.2");
        Path stateDir = dir.resolve("state");
        StatefulScan.Outcome o;
        try (StateStore store = StateStore.open(stateDir)) {
            o = StatefulScan.runRecorded(fx.clock, jails, store);
            // the caller's save has not happened (a kill here): the ban is in the journal already
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
        assertThat(afterKill.files()).as("positions are only in the caller's save").isEmpty();
    }
}
