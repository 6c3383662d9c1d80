package dev.warden.core.log;

import dev.warden.core.testkit.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.warden.core.log.FileFollowerTest.append;
import static org.assertj.core.api.Assertions.assertThat;

class GlobFollowerTest {

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock();
    final List<String> got = new ArrayList<>();

    List<String> poll(GlobFollower g) throws IOException {
        got.clear();
        g.poll((src, b, s, e, off) -> got.add(src.getFileName() + ":" + new String(b, s, e - s, StandardCharsets.UTF_8)));
        return List.copyOf(got);
    }

    GlobFollower glob(String pattern, FileFollower.Start start, List<FilePosition> positions) {
        return new GlobFollower(dir.resolve(pattern), start, positions, FileFollower.Settings.defaults(clock));
    }

    @Test
    void followsFilesPresentAtStartAndFilesThatAppearLater() throws Exception {
        append(dir.resolve("a.log"), "a-old\n");
        append(dir.resolve("b.log"), "b-old\n");
        append(dir.resolve("other.txt"), "x\n");
        try (GlobFollower g = glob("*.log", FileFollower.Start.END, List.of())) {
            assertThat(poll(g)).isEmpty();
            append(dir.resolve("a.log"), "a1\n");
            append(dir.resolve("b.log"), "b1\n");
            append(dir.resolve("c.log"), "c-first\nc2\n");
            assertThat(poll(g)).containsExactly("a.log:a1", "b.log:b1", "c.log:c-first", "c.log:c2");
            assertThat(g.paths()).extracting(p -> p.getFileName().toString()).containsExactly("a.log", "b.log", "c.log");
        }
    }

    @Test
    void aPlainNameFollowsOnlyThatFileThroughRotationAndAbsence() throws Exception {
        Path log = dir.resolve("maillog");
        append(dir.resolve("maillog.0"), "rotated-before\n");
        append(dir.resolve("maillogx"), "other\n");
        try (GlobFollower g = glob("maillog", FileFollower.Start.BEGINNING, List.of())) {
            assertThat(poll(g)).isEmpty();
            append(log, "a1\n");
            assertThat(poll(g)).containsExactly("maillog:a1");
            Files.move(log, dir.resolve("maillog.1"));
            append(dir.resolve("maillog.1"), "a2\n");
            append(log, "b1\n");
            assertThat(poll(g)).containsExactly("maillog:a2");
            clock.advance(Duration.ofSeconds(3));
            assertThat(poll(g)).containsExactly("maillog:b1");
            append(dir.resolve("maillog.1"), "late\n");
            append(log, "b2\n");
            assertThat(poll(g)).containsExactly("maillog:b2");
            assertThat(g.paths()).extracting(p -> p.getFileName().toString()).containsExactly("maillog");
        }
    }

    @Test
    void onlyNamesWithGlobCharactersAreListed() {
        assertThat(GlobFollower.isGlob("maillog")).isFalse();
        assertThat(GlobFollower.isGlob("auth.log.0")).isFalse();
        for (String g : List.of("mail*.log", "auth.log.?", "log[0-9]", "{a,b}.log", "a\\*")) {
            assertThat(GlobFollower.isGlob(g)).as(g).isTrue();
        }
    }

    @Test
    void compressedRotationsAreNeverFollowed() throws Exception {
        append(dir.resolve("maillog"), "live\n");
        append(dir.resolve("maillog.0"), "rotated\n");
        Files.write(dir.resolve("maillog.1.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, '\n', 'x', '\n'});
        try (GlobFollower g = glob("maillog*", FileFollower.Start.BEGINNING, List.of())) {
            assertThat(poll(g)).containsExactly("maillog:live", "maillog.0:rotated");
            Files.write(dir.resolve("maillog.0.gz"), new byte[] {0x1f, (byte) 0x8b, '\n', 'y', '\n'});
            assertThat(poll(g)).isEmpty();
            assertThat(g.paths()).extracting(p -> p.getFileName().toString()).containsExactly("maillog", "maillog.0");
        }
    }

    @Test
    void aRotatedFileMatchedUnderItsNewNameIsNotReadTwice() throws Exception {
        Path log = dir.resolve("maillog");
        append(log, "a1\n");
        try (GlobFollower g = glob("maillog*", FileFollower.Start.BEGINNING, List.of())) {
            assertThat(poll(g)).containsExactly("maillog:a1");
            Files.move(log, dir.resolve("maillog.0"));
            append(dir.resolve("maillog.0"), "a2\n");
            assertThat(poll(g)).containsExactly("maillog:a2");
            append(log, "b1\nb2\n");
            assertThat(poll(g)).containsExactly("maillog:b1", "maillog:b2");
            assertThat(poll(g)).isEmpty();
            Files.move(dir.resolve("maillog.0"), dir.resolve("maillog.1"));
            Files.move(log, dir.resolve("maillog.0"));
            append(log, "c1\nc2\n");
            assertThat(poll(g)).containsExactly("maillog:c1", "maillog:c2");
            assertThat(g.paths()).extracting(p -> p.getFileName().toString()).containsExactly("maillog");
        }
    }

    @Test
    void rotatedFilesShiftingUnderTheGlobAreNotReadAgain() throws Exception {
        Path log = dir.resolve("maillog");
        append(dir.resolve("maillog.0"), "older\n");
        append(log, "a1\n");
        try (GlobFollower g = glob("maillog*", FileFollower.Start.BEGINNING, List.of())) {
            assertThat(poll(g)).containsExactly("maillog:a1", "maillog.0:older");
            append(dir.resolve("maillog.0"), "older2-partial");
            Files.move(dir.resolve("maillog.0"), dir.resolve("maillog.1"));
            Files.move(log, dir.resolve("maillog.0"));
            append(dir.resolve("maillog.0"), "a2\n");
            append(log, "b1\nb2\n");
            assertThat(poll(g)).containsExactly("maillog:a2", "maillog:b1", "maillog:b2", "maillog.0:older2-partial");
            clock.advance(Duration.ofSeconds(10));
            append(log, "b3\n");
            assertThat(poll(g)).containsExactly("maillog:b3");
            assertThat(g.paths()).extracting(p -> p.getFileName().toString()).containsExactly("maillog");
        }
    }

    @Test
    void rotatedFilesThatShiftedWhileNotFollowingAreReadOnce() throws Exception {
        Path log = dir.resolve("maillog");
        append(dir.resolve("maillog.0"), "older\n");
        append(log, "a1\n");
        List<FilePosition> saved;
        try (GlobFollower g = glob("maillog*", FileFollower.Start.BEGINNING, List.of())) {
            assertThat(poll(g)).containsExactly("maillog:a1", "maillog.0:older");
            saved = g.positions();
        }
        append(dir.resolve("maillog.0"), "older2\n");
        append(log, "a2\n");
        Files.move(dir.resolve("maillog.0"), dir.resolve("maillog.1"));
        Files.move(log, dir.resolve("maillog.0"));
        append(log, "b1\nb2\n");
        try (GlobFollower g = glob("maillog*", FileFollower.Start.BEGINNING, saved)) {
            assertThat(poll(g)).containsExactly("maillog:a2", "maillog:b1", "maillog:b2", "maillog.0:older2");
            clock.advance(Duration.ofSeconds(10));
            assertThat(poll(g)).isEmpty();
            assertThat(g.paths()).extracting(p -> p.getFileName().toString()).containsExactly("maillog");
        }
    }

    @Test
    void aFileThatDisappearsIsDrainedAndDropped() throws Exception {
        Path a = dir.resolve("a.log");
        append(a, "a1\n");
        try (GlobFollower g = glob("*.log", FileFollower.Start.BEGINNING, List.of())) {
            assertThat(poll(g)).containsExactly("a.log:a1");
            append(a, "a2\nlast-partial");
            Files.move(a, dir.resolve("a.old"));
            assertThat(poll(g)).containsExactly("a.log:a2");
            assertThat(g.paths()).hasSize(1);
            clock.advance(Duration.ofSeconds(3));
            assertThat(poll(g)).containsExactly("a.log:last-partial");
            assertThat(g.paths()).isEmpty();
            assertThat(g.positions()).isEmpty();
        }
    }

    @Test
    void aFileRotatedWhileNotFollowingIsReadOnceFromItsPosition() throws Exception {
        Path log = dir.resolve("maillog");
        append(log, "a1\na2\n");
        List<FilePosition> saved;
        try (GlobFollower g = glob("maillog*", FileFollower.Start.BEGINNING, List.of())) {
            assertThat(poll(g)).containsExactly("maillog:a1", "maillog:a2");
            saved = g.positions();
        }
        append(log, "a3\na4-partial");
        Files.move(log, dir.resolve("maillog.0"));
        append(log, "b1\nb2\n");
        try (GlobFollower g = glob("maillog*", FileFollower.Start.BEGINNING, saved)) {
            assertThat(poll(g)).containsExactly("maillog:a3", "maillog:a4-partial", "maillog:b1", "maillog:b2");
            clock.advance(Duration.ofSeconds(10));
            append(log, "b3\n");
            assertThat(poll(g)).containsExactly("maillog:b3");
            assertThat(g.paths()).extracting(p -> p.getFileName().toString()).containsExactly("maillog");
        }
    }

    @Test
    void aRotatedNameThatSortsFirstIsNotReadTwiceEither() throws Exception {
        Path log = dir.resolve("a.log");
        append(log, "a1\n");
        List<FilePosition> saved;
        try (GlobFollower g = glob("*.log", FileFollower.Start.BEGINNING, List.of())) {
            assertThat(poll(g)).containsExactly("a.log:a1");
            saved = g.positions();
        }
        append(log, "a2\n");
        Files.move(log, dir.resolve("a.0.log"));                        // "a.0.log" sorts before "a.log"
        append(log, "b1\nb2\n");
        try (GlobFollower g = glob("*.log", FileFollower.Start.BEGINNING, saved)) {
            assertThat(poll(g)).containsExactly("a.log:a2", "a.log:b1", "a.log:b2");
            assertThat(poll(g)).isEmpty();
            assertThat(g.paths()).extracting(p -> p.getFileName().toString()).containsExactly("a.log");
        }
    }

    @Test
    void resumesFilesFromPersistedPositions() throws Exception {
        Path a = dir.resolve("a.log");
        append(a, "a1\n");
        List<FilePosition> saved;
        try (GlobFollower g = glob("*.log", FileFollower.Start.BEGINNING, List.of())) {
            poll(g);
            saved = g.positions();
        }
        append(a, "a2\n");
        try (GlobFollower g = glob("*.log", FileFollower.Start.BEGINNING, saved)) {
            assertThat(poll(g)).containsExactly("a.log:a2");
        }
    }

    /**
     * A state saved before the first poll (the daemon saves one as soon as its jails are started) or while
     * the path is missing (between newsyslog's rename and its create) keeps the positions it was given:
     * without them, the next start would take the file for a new one, read it again from its start and
     * never read the tail of the file rotated away.
     */
    @Test
    void persistedPositionsNotTakenUpYetAreStillPositions() throws Exception {
        Path log = dir.resolve("maillog");
        append(log, "a1\n");
        List<FilePosition> saved;
        try (GlobFollower g = glob("maillog", FileFollower.Start.BEGINNING, List.of())) {
            assertThat(poll(g)).containsExactly("maillog:a1");
            saved = g.positions();
        }
        assertThat(saved).hasSize(1);
        try (GlobFollower g = glob("maillog", FileFollower.Start.BEGINNING, saved)) {
            assertThat(g.positions()).as("before the first poll").isEqualTo(saved);
        }
        append(log, "a2\n");
        Files.move(log, dir.resolve("maillog.0"));   // rotated; the new file is not there yet
        List<FilePosition> again;
        try (GlobFollower g = glob("maillog", FileFollower.Start.BEGINNING, saved)) {
            assertThat(poll(g)).isEmpty();
            again = g.positions();
            assertThat(again).as("while the path is missing").isEqualTo(saved);
        }
        append(log, "b1\n");
        try (GlobFollower g = glob("maillog", FileFollower.Start.BEGINNING, again)) {
            assertThat(poll(g)).containsExactly("maillog:a2");
            clock.advance(Duration.ofSeconds(10));   // the rotated file stayed quiet: on to the new one
            assertThat(poll(g)).containsExactly("maillog:b1");
            assertThat(g.positions()).extracting(FilePosition::offset).containsExactly(3L);
        }
    }
}
