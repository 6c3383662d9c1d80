package dev.warden.core.state;

import dev.warden.core.spi.Ban;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.warden.core.state.States.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ban journal: what {@link StateStore#appendBans} writes and how {@link StateStore#load} replays it. */
class BanJournalTest {

    private static final Instant T = Instant.parse("2026-11-27T21:00:00Z");

    @TempDir
    Path dir;

    private static Ban ban(String jail, String address, int minutes, Ban.Origin origin) {
        return new Ban(jail, ip(address), T, T.plusSeconds(60L * minutes), 5, origin);
    }

    @Test
    void journaledBansAreInTheLoadedStateWithTheirCountsUntilTheNextSaveAbsorbsThem() throws Exception {
        WardenState base = States.rich();
        Ban a = ban("sshd", "198.51.100.1", 10, Ban.Origin.AUTOMATIC);
        Ban b = ban("smtpd-auth", "192.0.2.7", 20, Ban.Origin.AUTOMATIC);   // replaces the state's ban of .7
        Ban c = ban("sshd", "2001:db8::9", 30, Ban.Origin.MANUAL);
        try (StateStore store = StateStore.open(dir)) {
            store.save(base);
            store.appendBans(List.of(a, b));
            store.appendBans(List.of(c));
            assertThat(store.journalBytes()).isEqualTo(Files.size(dir.resolve(StateStore.JOURNAL)));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("journal"))))
                .isEqualTo("rw-------");
        WardenState replayed;
        try (StateStore store = StateStore.open(dir)) {
            LoadedState loaded = store.loadDetailed();
            replayed = loaded.state();
            assertThat(loaded.journaled()).isEqualTo(3);
            assertThat(replayed.journaled()).as("for the fleet's outbox").containsExactly(a, b, c);
            assertThat(loaded.warnings()).isEmpty();
            assertThat(replayed.bans()).containsExactly(base.bans().get(1), base.bans().get(2), a, b, c);
            assertThat(replayed.banCount("sshd", ip("198.51.100.1"))).isEqualTo(1);
            assertThat(replayed.banCount("smtpd-auth", ip("192.0.2.7"))).isEqualTo(4);
            assertThat(replayed.banCount("sshd", ip("2001:db8::9"))).isEqualTo(1);
            assertThat(replayed.banCount("sshd", ip("2001:db8::1:0:0:1"))).isEqualTo(7);
            assertThat(replayed.files()).isEqualTo(base.files());

            store.save(replayed);
            assertThat(dir.resolve("journal")).doesNotExist();
            assertThat(store.journalBytes()).isZero();
        }
        try (StateStore store = StateStore.open(dir)) {
            assertThat(store.loadDetailed().journaled()).isZero();
            WardenState again = store.load();
            assertThat(again.journaled()).isEmpty();
            assertThat(again).as("replayed once, not again").isEqualTo(new WardenState(replayed.formatVersion(),
                    replayed.bans(), replayed.banCounts(), replayed.files(), replayed.cursors(), replayed.failures(),
                    replayed.filterStates(), replayed.fleet(), List.of()));
        }
    }

    @Test
    void aBlockTornByACrashIsDroppedWithAWarningAndTheBlocksBeforeItKept() throws Exception {
        Ban a = ban("sshd", "198.51.100.1", 10, Ban.Origin.AUTOMATIC);
        Ban b = ban("sshd", "198.51.100.2", 10, Ban.Origin.AUTOMATIC);
        try (StateStore store = StateStore.open(dir)) {
            store.save(WardenState.empty());
            store.appendBans(List.of(a));
            store.appendBans(List.of(b));
        }
        Path journal = dir.resolve("journal");
        byte[] full = Files.readAllBytes(journal);
        byte[] blockB = BanJournal.block(List.of(b));
        // Every cut inside the last block (a kill -9 during its write) keeps a and drops b.
        for (int cut = full.length - blockB.length + 1; cut < full.length; cut++) {
            Files.write(journal, Arrays.copyOf(full, cut));
            try (StateStore store = StateStore.open(dir)) {
                LoadedState loaded = store.loadDetailed();
                assertThat(loaded.state().bans()).as("cut at %d", cut).containsExactly(a);
                assertThat(loaded.warnings()).singleElement().asString().contains("torn").contains("never applied");
            }
        }
    }

    @Test
    void aDamagedBlockStopsTheReplayThere() throws Exception {
        Ban a = ban("sshd", "198.51.100.1", 10, Ban.Origin.AUTOMATIC);
        Ban b = ban("sshd", "198.51.100.2", 10, Ban.Origin.AUTOMATIC);
        Ban c = ban("sshd", "198.51.100.3", 10, Ban.Origin.AUTOMATIC);
        try (StateStore store = StateStore.open(dir)) {
            store.save(WardenState.empty());
            store.appendBans(List.of(a));
            store.appendBans(List.of(b));
            store.appendBans(List.of(c));
        }
        Path journal = dir.resolve("journal");
        String text = Files.readString(journal).replace("198.51.100.2", "198.51.100.9");
        Files.writeString(journal, text);
        try (StateStore store = StateStore.open(dir)) {
            LoadedState loaded = store.loadDetailed();
            assertThat(loaded.state().bans()).containsExactly(a);
            assertThat(loaded.warnings()).singleElement().asString().contains("damaged block");
        }
    }

    @Test
    void aJournalThatDoesNotContinueTheStateFileIsIgnored() throws Exception {
        Ban a = ban("sshd", "198.51.100.1", 10, Ban.Origin.AUTOMATIC);
        try (StateStore store = StateStore.open(dir)) {
            store.save(States.numbered(1));
            store.appendBans(List.of(a));
        }
        byte[] stale = Files.readAllBytes(dir.resolve("journal"));
        try (StateStore store = StateStore.open(dir)) {
            store.save(States.numbered(2));
        }
        // A crash between writing the new state and removing the journal leaves the old journal beside it.
        Files.write(dir.resolve("journal"), stale);
        try (StateStore store = StateStore.open(dir)) {
            LoadedState loaded = store.loadDetailed();
            assertThat(loaded.state()).isEqualTo(States.numbered(2));
            assertThat(loaded.journaled()).isZero();
        }
        // Nor is anything that is not a journal.
        Files.writeString(dir.resolve("journal"), "ban sshd 198.51.100.1 whatever\n");
        try (StateStore store = StateStore.open(dir)) {
            assertThat(store.load()).isEqualTo(States.numbered(2));
        }
    }

    @Test
    void theJournalOfATornStateFileIsNotAppliedToThePreviousGeneration() throws Exception {
        Ban a = ban("sshd", "198.51.100.1", 10, Ban.Origin.AUTOMATIC);
        try (StateStore store = StateStore.open(dir)) {
            store.save(States.numbered(1));
            store.save(States.numbered(2));
            store.appendBans(List.of(a));
        }
        Files.write(dir.resolve("state"), "warden-state 2\nban".getBytes(StandardCharsets.UTF_8));
        try (StateStore store = StateStore.open(dir)) {
            LoadedState loaded = store.loadDetailed();
            assertThat(loaded.fromPreviousGeneration()).isTrue();
            assertThat(loaded.state()).isEqualTo(States.numbered(1));
            assertThat(loaded.journaled()).isZero();
        }
    }

    @Test
    void appendingNeedsASaveFirstSoTheJournalNeverContinuesAFileItDidNotSee() throws Exception {
        try (StateStore store = StateStore.open(dir)) {
            store.save(WardenState.empty());
            store.appendBans(List.of(ban("sshd", "198.51.100.1", 10, Ban.Origin.AUTOMATIC)));
        }
        try (StateStore store = StateStore.open(dir)) {
            assertThat(store.load().bans()).hasSize(1);
            assertThatThrownBy(() -> store.appendBans(List.of(ban("sshd", "198.51.100.2", 10, Ban.Origin.AUTOMATIC))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("save before appending");
            store.appendBans(List.of());   // nothing to record: no journal needed
        }
    }

    @Test
    void journalTextIsTheStateFilesBanLineClosedByACommitLine() {
        Ban a = ban("sshd", "2001:db8::1", 10, Ban.Origin.AUTOMATIC);
        String text = new String(BanJournal.block(List.of(a)), StandardCharsets.UTF_8);
        assertThat(text).matches("ban sshd 2001:db8::1 2026-11-27T21:00:00Z 2026-11-27T21:10:00Z 5 automatic\n"
                + "commit 1 [0-9a-f]{8}\n");
        List<Ban> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(ban("j" + i % 7, "10.0." + i / 256 + "." + i % 256, i + 1, Ban.Origin.AUTOMATIC));
        }
        byte[] content = concat(BanJournal.header("0000abcd"), BanJournal.block(many.subList(0, 400)),
                BanJournal.block(many.subList(400, 1000)));
        BanJournal.Contents read = BanJournal.read(content);
        assertThat(read.after()).isEqualTo("0000abcd");
        assertThat(read.bans()).isEqualTo(many);
        assertThat(read.problem()).isNull();
    }

    @Test
    void appendsAfterReopeningAndSavingGoToAFreshJournal() throws Exception {
        Ban a = ban("sshd", "198.51.100.1", 10, Ban.Origin.AUTOMATIC);
        Ban b = ban("sshd", "198.51.100.2", 10, Ban.Origin.AUTOMATIC);
        try (StateStore store = StateStore.open(dir)) {
            store.save(WardenState.empty());
            store.appendBans(List.of(a));
        }
        try (StateStore store = StateStore.open(dir)) {
            store.save(store.load());
            store.appendBans(List.of(b));
        }
        assertThat(Files.readAllLines(dir.resolve("journal"))).filteredOn(l -> l.startsWith("ban ")).hasSize(1);
        try (StateStore store = StateStore.open(dir)) {
            assertThat(store.load().bans()).containsExactly(a, b);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
