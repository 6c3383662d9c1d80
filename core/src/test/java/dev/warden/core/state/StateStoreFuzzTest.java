package dev.warden.core.state;

import dev.warden.core.fuzz.Fuzz;
import dev.warden.core.fuzz.Mutate;
import dev.warden.core.spi.Ban;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static dev.warden.core.state.States.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Damages a state directory written by {@link StateStore} (two generations of the state file with bans,
 * counts, file positions, failures and filter states, and a journal of three committed blocks) and loads
 * it again: the state file or the journal cut (at every byte when read alone, at random bytes through
 * the store), bits flipped, lines and blocks reordered, files spliced. The property, whatever the damage:
 * {@link StateStore#loadDetailed} either refuses with an {@link IOException} whose message names the
 * problem, or returns a state that was really written, never a ban that was not recorded. Precisely,
 * for cuts and flipped bits: from the current file, the saved current state with a prefix of the
 * journal's committed blocks replayed (damage to a block drops it and everything after it); from the
 * previous generation, that generation as saved (the journal continues the current file only).
 * Reordering can make complete blocks replay in another order, so there the check is that every ban is
 * one the file read or a committed block held. States compare by their file text ({@link StateFormat}).
 * Bounded: fixed tries and seeds (see {@link Fuzz}); each load opens the store anew on the same directory.
 */
class StateStoreFuzzTest {

    private static final int TRIES = 200;

    @TempDir
    static Path tmp;

    private static Path dir;
    private static byte[] current;
    private static byte[] previous;
    private static byte[] journal;
    private static WardenState older;
    private static WardenState newer;
    /** The journal's blocks, in order, and the offset just after each one. */
    private static final List<List<Ban>> BLOCKS = new ArrayList<>();
    private static final List<Integer> BLOCK_ENDS = new ArrayList<>();

    @BeforeAll
    static void writeTwoGenerationsAndAJournal() throws IOException {
        Instant t = Instant.parse("2026-11-07T10:00:00Z");
        older = States.tracking().withFilterStates(Map.of("smtpd-auth", "5f3e1a01c0ffee01 192.0.2.7 1762510530000"));
        newer = older.withBans(List.of(
                        new Ban("smtpd-auth", ip("192.0.2.7"), t, t.plusSeconds(3600), 11, Ban.Origin.AUTOMATIC),
                        new Ban("sshd", ip("2001:db8::5"), t, t.plusSeconds(600), 5, Ban.Origin.AUTOMATIC),
                        new Ban("sshd", ip("198.51.100.3"), t, t.plusSeconds(86400), 0, Ban.Origin.MANUAL)))
                .withBanCount("sshd", ip("198.51.100.3"), 2)
                .withFilterStates(Map.of("sshd", "4101 192.0.2.10 1762510530000 0", "smtpd-auth", "none"))
                .withFleet(new FleetState("warden:bans", "1762510530000-7", List.of(new dev.warden.core.fleet.FleetEntry(
                        dev.warden.core.fleet.FleetEntry.Op.BAN, ip("203.0.113.77"), "sshd", "mx2", t, t.plusSeconds(600),
                        3)), List.of(new dev.warden.core.fleet.FleetEntry(dev.warden.core.fleet.FleetEntry.Op.UNBAN,
                        ip("192.0.2.7"), "smtpd-auth", "mx1", t, t.plusSeconds(3600), 11))));
        BLOCKS.add(List.of(new Ban("sshd", ip("2001:db8::5"), t.plusSeconds(60), t.plusSeconds(7200), 6,
                Ban.Origin.AUTOMATIC), new Ban("sshd", ip("203.0.113.9"), t.plusSeconds(60), t.plusSeconds(600), 5,
                Ban.Origin.AUTOMATIC)));
        BLOCKS.add(List.of(new Ban("smtpd-auth", ip("192.0.2.8"), t.plusSeconds(90), t.plusSeconds(3600), 11,
                Ban.Origin.AUTOMATIC)));
        BLOCKS.add(List.of(new Ban("manual.jail_1", ip("::ffff:198.51.100.9"), t.plusSeconds(120),
                t.plusSeconds(60), 0, Ban.Origin.MANUAL), new Ban("sshd", ip("203.0.113.9"), t.plusSeconds(130),
                t.plusSeconds(1200), 5, Ban.Origin.AUTOMATIC)));
        dir = tmp.resolve("state");
        try (StateStore store = StateStore.open(dir)) {
            store.save(older);
            store.save(newer);
            for (List<Ban> block : BLOCKS) {
                store.appendBans(block);
                BLOCK_ENDS.add((int) Files.size(dir.resolve(StateStore.JOURNAL)));
            }
        }
        current = Files.readAllBytes(dir.resolve(StateStore.CURRENT));
        previous = Files.readAllBytes(dir.resolve(StateStore.PREVIOUS));
        journal = Files.readAllBytes(dir.resolve(StateStore.JOURNAL));
        assertThat(text(load(current, previous, journal).state())).as("the undamaged directory")
                .isEqualTo(text(replayed(BLOCKS.size())));
    }

    @Test
    void aStateFileCutAnywhereIsRefusedNamingTheLine() {
        for (int cut = 0; cut < current.length; cut++) {
            byte[] torn = Arrays.copyOf(current, cut);
            Path file = dir.resolve(StateStore.CURRENT);
            assertThatThrownBy(() -> StateFormat.read(torn, file)).as("cut at %d", cut)
                    .isInstanceOf(CorruptStateException.class).hasMessageStartingWith(file + ":");
        }
    }

    @Test
    void aJournalCutAnywhereHoldsExactlyTheBlocksCommittedBeforeTheCut() {
        int header = FrameReader.lineEnd(journal, 0) + 1;
        for (int cut = 0; cut <= journal.length; cut++) {
            BanJournal.Contents contents = BanJournal.read(Arrays.copyOf(journal, cut));
            int complete = complete(cut);
            List<Ban> committed = new ArrayList<>();
            BLOCKS.subList(0, complete).forEach(committed::addAll);
            assertThat(contents.bans()).as("cut at %d: %d complete blocks", cut, complete).isEqualTo(committed);
            boolean atBoundary = cut == 0 || cut == header || BLOCK_ENDS.contains(cut);
            assertThat(contents.problem() == null).as("cut at %d: %s", cut, contents.problem()).isEqualTo(atBoundary);
        }
    }

    @Test
    void cutFilesFallBackToThePreviousGenerationOrReplayTheCommittedBlocks() {
        Fuzz.check("state: cut files", TRIES / 2, r -> new int[] {r.nextInt(current.length + 1),
            r.nextInt(journal.length + 1), r.nextInt(4)}, cuts -> "state cut at " + cuts[0] + ", journal cut at "
                + cuts[1] + (cuts[2] == 0 ? ", no state.1" : ""), cuts -> {
                byte[] cur = Arrays.copyOf(current, cuts[0]);
                byte[] jour = Arrays.copyOf(journal, cuts[1]);
                if (cuts[0] < current.length && cuts[2] == 0) {
                    assertThatThrownBy(() -> load(cur, null, jour)).isInstanceOf(CorruptStateException.class)
                            .hasMessageStartingWith(dir.resolve(StateStore.CURRENT) + ":");
                    return;
                }
                LoadedState loaded = load(cur, cuts[2] == 0 ? null : previous, jour);
                if (cuts[0] < current.length) {
                    assertThat(loaded.fromPreviousGeneration()).isTrue();
                    assertThat(loaded.warnings()).isNotEmpty();
                    assertThat(text(loaded.state())).isEqualTo(text(older));
                } else {
                    assertThat(loaded.fromPreviousGeneration()).isFalse();
                    assertThat(text(loaded.state())).isEqualTo(text(replayed(complete(cuts[1]))));
                }
            });
    }

    @Test
    void flippedBitsAreRefusedOrDropWhatTheyTouch() {
        Fuzz.check("state: flipped bits", TRIES, r -> {
            byte[][] files = {current, previous, journal};
            int which = r.nextInt(4);
            for (int f = 0; f < 3; f++) {
                if (which == 3 || which == f) {
                    files[f] = Mutate.flipBits(r, files[f], 1 + r.nextInt(8));
                }
            }
            return files;
        }, StateStoreFuzzTest::show, files -> checkExact(files[0], files[1], files[2]));
    }

    @Test
    void reorderedAndSplicedFilesNeverYieldABanThatWasNotRecorded() {
        List<byte[]> all = List.of(current, previous, journal);
        Fuzz.check("state: reordered and spliced", TRIES, r -> {
            byte[][] files = {current, previous, journal};
            int f = r.nextInt(3);
            switch (r.nextInt(3)) {
                case 0 -> files[f] = Mutate.join(Mutate.reorder(r, Mutate.lines(files[f])));
                case 1 -> files[2] = blocksReordered(r);
                default -> files[f] = Mutate.bytes(r, files[f], all, Mutate.words("\n", "end ", "commit ", "ban ",
                        " 1 ", "warden-state 5\n", "warden-journal 1 after "));
            }
            return files;
        }, StateStoreFuzzTest::show, files -> {
            Object outcome = outcome(files[0], files[1], files[2]);
            if (outcome instanceof LoadedState loaded) {
                Set<Ban> recorded = new HashSet<>(loaded.fromPreviousGeneration() ? older.bans() : newer.bans());
                if (!loaded.fromPreviousGeneration()) {
                    BLOCKS.forEach(recorded::addAll);
                }
                assertThat(recorded).as("bans written (%s)", loaded.source()).containsAll(loaded.state().bans());
            }
        });
    }

    /**
     * The outcome of loading must be a refusal, or, from the current file, the saved state with a prefix of
     * the blocks replayed; from the previous generation, that generation.
     */
    private static void checkExact(byte[] cur, byte[] prev, byte[] jour) throws IOException {
        Object outcome = outcome(cur, prev, jour);
        if (!(outcome instanceof LoadedState loaded)) {
            return;
        }
        String got = text(loaded.state());
        if (loaded.fromPreviousGeneration()) {
            assertThat(got).as("the previous generation").isEqualTo(text(older));
            return;
        }
        List<String> allowed = new ArrayList<>();
        for (int k = 0; k <= BLOCKS.size(); k++) {
            allowed.add(text(replayed(k)));
        }
        assertThat(allowed).as("the current state with a prefix of the committed blocks").contains(got);
    }

    /** The journal with its blocks (header kept first) in another order, some repeated or left out. */
    private static byte[] blocksReordered(Random r) {
        int header = FrameReader.lineEnd(journal, 0) + 1;
        List<byte[]> parts = new ArrayList<>();
        int from = header;
        for (int end : BLOCK_ENDS) {
            parts.add(Arrays.copyOfRange(journal, from, end));
            from = end;
        }
        List<byte[]> out = new ArrayList<>(List.of(Arrays.copyOf(journal, header)));
        out.addAll(Mutate.reorder(r, parts));
        return Mutate.concat(out);
    }

    /**
     * A {@link LoadedState}, or the IOException that refused the files, checked to name its problem; any
     * other exception fails the property.
     */
    private static Object outcome(byte[] cur, byte[] prev, byte[] jour) throws IOException {
        try {
            return load(cur, prev, jour);
        } catch (IOException e) {
            assertThat(e.getMessage()).as("why the state was refused").isNotBlank();
            return e;
        }
    }

    /** Puts the files in place (null: no such file) and loads them with a store of its own. */
    private static LoadedState load(byte[] cur, byte[] prev, byte[] jour) throws IOException {
        put(StateStore.CURRENT, cur);
        put(StateStore.PREVIOUS, prev);
        put(StateStore.JOURNAL, jour);
        try (StateStore store = StateStore.open(dir)) {
            return store.loadDetailed();
        }
    }

    /** Replaces the contents of a file the store created (keeping its owner-only mode), or deletes it. */
    private static void put(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        if (content == null) {
            Files.deleteIfExists(file);
        } else if (Files.exists(file)) {
            Files.write(file, content, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } else {
            Files.write(file, content);
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** How many blocks of the journal lie wholly before {@code cut}. */
    private static int complete(int cut) {
        int complete = 0;
        while (complete < BLOCKS.size() && BLOCK_ENDS.get(complete) <= cut) {
            complete++;
        }
        return complete;
    }

    /** The current state as saved, with the first {@code blocks} blocks of the journal replayed. */
    private static WardenState replayed(int blocks) {
        List<Ban> bans = new ArrayList<>();
        BLOCKS.subList(0, blocks).forEach(bans::addAll);
        return BanJournal.replay(newer, bans);
    }

    private static String text(WardenState s) {
        return new String(StateFormat.write(s), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String show(byte[][] files) {
        return "state:\n" + Mutate.show(files[0]) + "\nstate.1:\n" + Mutate.show(files[1]) + "\njournal:\n"
                + Mutate.show(files[2]);
    }
}
