package dev.warden.core.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import dev.warden.core.testkit.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class FileFollowerTest {

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock();
    final List<FollowEvent.Kind> events = new ArrayList<>();
    final List<String> got = new ArrayList<>();
    final LineHandler collect = (b, s, e, off) -> got.add(new String(b, s, e - s, StandardCharsets.UTF_8));

    FileFollower.Settings settings() {
        return FileFollower.Settings.defaults(clock).withEvents(e -> events.add(e.kind()));
    }

    List<String> poll(FileFollower f) throws IOException {
        got.clear();
        f.poll(collect);
        return List.copyOf(got);
    }

    static void append(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void appendsAcrossPollsWithAPartialLineCompletedLater() throws Exception {
        Path log = dir.resolve("maillog");
        append(log, "one\ntw");
        try (FileFollower f = FileFollower.of(log, FileFollower.Start.BEGINNING, settings())) {
            assertThat(poll(f)).containsExactly("one");
            assertThat(f.position().orElseThrow().offset()).isEqualTo(4);
            assertThat(poll(f)).isEmpty();
            append(log, "o\nthree\n");
            assertThat(poll(f)).containsExactly("two", "three");
            assertThat(f.position().orElseThrow().offset()).isEqualTo(14);
            assertThat(f.position().orElseThrow().identity()).isEqualTo(FileIdentity.of(log));
        }
    }

    @Test
    void startAtEndSkipsExistingLinesButKeepsTheUnfinishedOne() throws Exception {
        Path log = dir.resolve("maillog");
        append(log, "old1\nold2\nhal");
        try (FileFollower f = FileFollower.of(log, FileFollower.Start.END, settings())) {
            assertThat(poll(f)).isEmpty();
            append(log, "f\nnew\n");
            assertThat(poll(f)).containsExactly("half", "new");
        }
    }

    @Test
    void renameRotationDrainsTheOldFileIncludingLateWritesThenReadsTheNewOne() throws Exception {
        Path log = dir.resolve("maillog");
        try (OutputStream writer = new FileOutputStream(log.toFile(), true);
             FileFollower f = FileFollower.of(log, FileFollower.Start.BEGINNING, settings())) {
            writer.write("a1\na2\n".getBytes(StandardCharsets.UTF_8));
            assertThat(poll(f)).containsExactly("a1", "a2");
            Files.move(log, dir.resolve("maillog.0"));
            writer.write("a3\n".getBytes(StandardCharsets.UTF_8));      // writer still has the old descriptor
            append(log, "");                                              // newsyslog creates the new, empty file
            writer.write("a4\na5-partial".getBytes(StandardCharsets.UTF_8));
            assertThat(poll(f)).containsExactly("a3", "a4");            // new file empty: stay on the old one
            append(log, "b1\nb2\n");                                      // writer reopened: data in the new file
            assertThat(poll(f)).containsExactly("a5-partial", "b1", "b2");
            assertThat(events).containsSubsequence(FollowEvent.Kind.OPENED, FollowEvent.Kind.ROTATED,
                    FollowEvent.Kind.OPENED);
            assertThat(f.position().orElseThrow().identity()).isEqualTo(FileIdentity.of(log));
            assertThat(f.position().orElseThrow().offset()).isEqualTo(6);
            append(log, "b3\n");
            assertThat(poll(f)).containsExactly("b3");
        }
    }

    @Test
    void newsyslogsTurnedOverLineAloneDoesNotMoveTheFollowerWhileSyslogdStillWritesTheOldFile() throws Exception {
        Path log = dir.resolve("maillog");
        try (OutputStream syslogd = new FileOutputStream(log.toFile(), true);
             FileFollower f = FileFollower.of(log, FileFollower.Start.BEGINNING, settings())) {
            syslogd.write("a1\n".getBytes(StandardCharsets.UTF_8));
            assertThat(poll(f)).containsExactly("a1");
            // newsyslog: rename, a new file starting with its own line, then SIGHUP to syslogd
            Files.move(log, dir.resolve("maillog.0"));
            append(log, "Nov 27 00:00:00 mail newsyslog[1]: logfile turned over\n");
            assertThat(poll(f)).as("the new file has only newsyslog's line: stay on the old one").isEmpty();
            syslogd.write("a2 written before syslogd reopened\n".getBytes(StandardCharsets.UTF_8));
            clock.advance(Duration.ofMillis(250));
            assertThat(poll(f)).containsExactly("a2 written before syslogd reopened");
            append(log, "b1 syslogd reopened\n");
            clock.advance(Duration.ofMillis(250));
            assertThat(poll(f)).containsExactly("Nov 27 00:00:00 mail newsyslog[1]: logfile turned over",
                    "b1 syslogd reopened");
            assertThat(f.position().orElseThrow().identity()).isEqualTo(FileIdentity.of(log));
        }
    }

    @Test
    void renameRotationWithAQuietWriterSwitchesAfterTheGrace() throws Exception {
        Path log = dir.resolve("maillog");
        append(log, "a1\n");
        try (FileFollower f = FileFollower.of(log, FileFollower.Start.BEGINNING, settings())) {
            assertThat(poll(f)).containsExactly("a1");
            Files.move(log, dir.resolve("maillog.0"));
            append(log, "");
            assertThat(poll(f)).isEmpty();
            clock.advance(Duration.ofSeconds(3));
            assertThat(poll(f)).isEmpty();
            assertThat(events).contains(FollowEvent.Kind.ROTATED);
            append(log, "b1\n");
            append(dir.resolve("maillog.0"), "too-late\n");             // after the grace: not read
            assertThat(poll(f)).containsExactly("b1");
        }
    }

    @Test
    void copytruncateReadsTheFileAgainFromItsStart() throws Exception {
        Path log = dir.resolve("maillog");
        append(log, "a1\na2\n");
        try (FileFollower f = FileFollower.of(log, FileFollower.Start.BEGINNING, settings())) {
            assertThat(poll(f)).containsExactly("a1", "a2");
            append(log, "a3\n");
            Files.copy(log, dir.resolve("maillog.0"));
            try (var ch = Files.newByteChannel(log, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
            append(log, "b1\n");
            assertThat(poll(f)).containsExactly("b1");                  // a3 went with the copy: copytruncate's own loss
            assertThat(events).contains(FollowEvent.Kind.TRUNCATED);
            append(log, "b2\n");
            assertThat(poll(f)).containsExactly("b2");
        }
    }

    @Test
    void truncatedAndRewrittenPastTheOffsetBeforeAPollIsSeenByTheFingerprint() throws Exception {
        Path log = dir.resolve("maillog");
        append(log, "Nov  7 10:00:00 a1\n");
        try (FileFollower f = FileFollower.of(log, FileFollower.Start.BEGINNING, settings())) {
            assertThat(poll(f)).containsExactly("Nov  7 10:00:00 a1");
            Files.writeString(log, "Nov  7 11:00:00 b1\nNov  7 11:00:01 b2\n"); // truncate + write, longer than before
            assertThat(poll(f)).containsExactly("Nov  7 11:00:00 b1", "Nov  7 11:00:01 b2");
            assertThat(events).contains(FollowEvent.Kind.TRUNCATED);
        }
    }

    @Test
    void missingFileIsWaitedForAndReadFromItsStartWhenItAppears() throws Exception {
        Path log = dir.resolve("maillog");
        try (FileFollower f = FileFollower.of(log, FileFollower.Start.END, settings())) {
            assertThat(poll(f)).isEmpty();
            assertThat(f.position()).isEmpty();
            append(log, "a1\n");
            assertThat(poll(f)).containsExactly("a1");                  // start at END applies only to a file there at start
            Files.move(log, dir.resolve("maillog.0"));
            append(dir.resolve("maillog.0"), "a2\n");
            assertThat(poll(f)).containsExactly("a2");
            clock.advance(Duration.ofSeconds(10));
            append(dir.resolve("maillog.0"), "a3\n");                   // missing path: the old file is still read
            assertThat(poll(f)).containsExactly("a3");
            append(log, "b1\nb2\n");
            assertThat(poll(f)).containsExactly("b1", "b2");
            assertThat(events).containsSubsequence(FollowEvent.Kind.MISSING, FollowEvent.Kind.OPENED,
                    FollowEvent.Kind.MISSING, FollowEvent.Kind.ROTATED, FollowEvent.Kind.OPENED);
        }
    }

    @Test
    void resumeAtAMatchingPositionReadsOnlyNewLines() throws Exception {
        Path log = dir.resolve("maillog");
        append(log, "a1\na2\npart");
        FilePosition saved;
        try (FileFollower f = FileFollower.of(log, FileFollower.Start.BEGINNING, settings())) {
            assertThat(poll(f)).containsExactly("a1", "a2");
            saved = FilePosition.parse(f.position().orElseThrow().toText());
        }
        append(log, "ial\na3\n");
        try (FileFollower f = FileFollower.resume(saved, settings())) {
            assertThat(f.position()).contains(saved);
            assertThat(poll(f)).containsExactly("partial", "a3");
            assertThat(events).contains(FollowEvent.Kind.RESUMED).doesNotContain(FollowEvent.Kind.RESUME_LOST);
        }
    }

    @Test
    void resumeOnAReplacedFileWhoseOldFileWasDeletedReadsItFromItsStart() throws Exception {
        Path log = dir.resolve("maillog");
        append(log, "a1\na2\n");
        FilePosition saved = positionAfterReading(log);
        append(log, "a3-lost\n");
        Files.move(log, dir.resolve("maillog.0"));
        append(log, "b1\nb2\nb3\n");                                     // longer than the saved offset
        Files.delete(dir.resolve("maillog.0"));                           // deleted after the new file exists: no inode reuse
        try (FileFollower f = FileFollower.resume(saved, settings())) {
            assertThat(poll(f)).containsExactly("b1", "b2", "b3");
            assertThat(events).containsExactly(FollowEvent.Kind.RESUME_LOST, FollowEvent.Kind.OPENED);
        }
    }

    @Test
    void resumeAfterARotationWhileNotFollowingReadsTheOldFilesTailThenTheNewFile() throws Exception {
        Path log = dir.resolve("maillog");
        List<String> all = new ArrayList<>();
        append(log, "a1\na2\na3-par");
        FilePosition saved;
        try (FileFollower f = FileFollower.of(log, FileFollower.Start.BEGINNING, settings())) {
            all.addAll(poll(f));
            saved = FilePosition.parse(f.position().orElseThrow().toText());
        }
        append(log, "tial\na4\na5-no-newline");                           // written after the save
        Files.move(log, dir.resolve("maillog.0"));                       // newsyslog, while nobody follows
        append(log, "b1\nb2\n");
        events.clear();
        List<FollowEvent> detail = new ArrayList<>();
        try (FileFollower f = FileFollower.resume(saved, settings().withEvents(e -> {
            events.add(e.kind());
            detail.add(e);
        }))) {
            all.addAll(poll(f));
            assertThat(events).containsExactly(FollowEvent.Kind.RESUMED_ROTATED, FollowEvent.Kind.ROTATED,
                    FollowEvent.Kind.OPENED);
            assertThat(detail.get(0).rotatedPath()).contains(dir.resolve("maillog.0"));
            assertThat(detail.get(0).identity()).isEqualTo(saved.identity());
            assertThat(detail.get(0).offset()).isEqualTo(6);
            assertThat(detail.get(2).rotatedPath()).isEmpty();
            assertThat(f.position().orElseThrow().identity()).isEqualTo(FileIdentity.of(log));
            assertThat(f.position().orElseThrow().offset()).isEqualTo(6);
            append(log, "b3\n");
            all.addAll(poll(f));
        }
        assertThat(all).containsExactly("a1", "a2", "a3-partial", "a4", "a5-no-newline", "b1", "b2", "b3");
    }

    @Test
    void resumeAfterARotationWhileNotFollowingWaitsForTheWriterLikeALiveRotation() throws Exception {
        Path log = dir.resolve("maillog");
        append(log, "a1\n");
        FilePosition saved = positionAfterReading(log);
        append(log, "a2\n");
        Files.move(log, dir.resolve("maillog.0"));
        append(log, "");                                                  // new file created, writer not moved over yet
        try (FileFollower f = FileFollower.resume(saved, settings())) {
            assertThat(poll(f)).containsExactly("a2");
            append(dir.resolve("maillog.0"), "a3\na4-partial");          // the writer still has the old descriptor
            assertThat(poll(f)).containsExactly("a3");
            assertThat(f.position().orElseThrow().identity()).isEqualTo(saved.identity());
            append(log, "b1\nb2\n");                                     // writer reopened
            assertThat(poll(f)).containsExactly("a4-partial", "b1", "b2");
            assertThat(events).containsSubsequence(FollowEvent.Kind.RESUMED_ROTATED, FollowEvent.Kind.ROTATED,
                    FollowEvent.Kind.OPENED);
        }
    }

    @Test
    void resumeDoesNotTakeACopyOfTheOldFileWithAnotherIdentity() throws Exception {
        Path log = dir.resolve("maillog");
        append(log, "a1\na2\n");
        FilePosition saved = positionAfterReading(log);
        append(log, "a3\n");
        Files.copy(log, dir.resolve("maillog.0"));                      // same bytes, same length, another inode
        append(dir.resolve("maillog.0"), "copy-only\n");
        Files.writeString(dir.resolve("maillog.new"), "b1\n");
        Files.move(dir.resolve("maillog.new"), log, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertThat(FileIdentity.of(dir.resolve("maillog.0"))).isNotEqualTo(saved.identity());
        try (FileFollower f = FileFollower.resume(saved, settings())) {
            assertThat(poll(f)).containsExactly("b1");
            assertThat(events).containsExactly(FollowEvent.Kind.RESUME_LOST, FollowEvent.Kind.OPENED);
        }
    }

    @Test
    void resumeSkipsTheRotatedFileOnceItWasCompressed() throws Exception {
        Path log = dir.resolve("maillog");
        append(log, "a1\na2\n");
        FilePosition saved = positionAfterReading(log);
        append(log, "a3\n");
        Files.move(log, dir.resolve("maillog.0"));
        append(log, "b1\n");
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("maillog.0.gz")))) {
            Files.copy(dir.resolve("maillog.0"), gz);
        }
        Files.delete(dir.resolve("maillog.0"));
        try (FileFollower f = FileFollower.resume(saved, settings())) {
            assertThat(poll(f)).containsExactly("b1");
            assertThat(events).containsExactly(FollowEvent.Kind.RESUME_LOST, FollowEvent.Kind.OPENED);
        }
    }

    @Test
    void resumeOnTheSameInodeWithOtherFirstBytesReadsFromTheStart() throws Exception {
        Path log = dir.resolve("maillog");
        append(log, "a1\na2\n");
        FilePosition saved = positionAfterReading(log);
        Files.writeString(log, "b1\nb2\nb3\n");                          // same inode, rewritten
        assertThat(FileIdentity.of(log)).isEqualTo(saved.identity());
        try (FileFollower f = FileFollower.resume(saved, settings())) {
            assertThat(poll(f)).containsExactly("b1", "b2", "b3");
        }
    }

    @Test
    void resumeOnATruncatedFileReadsFromTheStart() throws Exception {
        Path log = dir.resolve("maillog");
        append(log, "a1\na2\n");
        FilePosition saved = positionAfterReading(log);
        Files.writeString(log, "a1\n");                                  // same first line, shorter than the offset
        try (FileFollower f = FileFollower.resume(saved, settings())) {
            assertThat(poll(f)).containsExactly("a1");
            assertThat(events).contains(FollowEvent.Kind.RESUME_LOST);
        }
    }

    @Test
    void resumeWhenThePathIsMissingKeepsThePositionUntilAFileAppears() throws Exception {
        Path log = dir.resolve("maillog");
        append(log, "a1\n");
        FilePosition saved = positionAfterReading(log);
        Files.delete(log);
        try (FileFollower f = FileFollower.resume(saved, settings())) {
            assertThat(poll(f)).isEmpty();
            assertThat(f.position()).contains(saved);
            assertThat(events).containsExactly(FollowEvent.Kind.MISSING);
            append(log, "b1\n");
            assertThat(poll(f)).containsExactly("b1");
        }
    }

    private FilePosition positionAfterReading(Path log) throws IOException {
        try (FileFollower f = FileFollower.of(log, FileFollower.Start.BEGINNING, FileFollower.Settings.defaults(clock))) {
            f.poll((b, s, e, o) -> { });
            return f.position().orElseThrow();
        }
    }
}
