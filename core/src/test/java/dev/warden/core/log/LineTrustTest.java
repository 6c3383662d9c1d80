package dev.warden.core.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which lines a filter gets to see, through every way a jail reads (issue 12, findings 2 and 5): a line
 * without a time of its own in a file that has shown timed lines (an embedded newline's second half, where a
 * client chooses the text) and a line longer than the maximum (whose tail would pass for the daemon's) are
 * withheld and counted; a file without any time is read whole.
 */
class LineTrustTest {

    private static final Instant NOW = Instant.parse("2026-11-07T12:00:00Z");
    private static final String FORGED = "sshd[1]: Failed password for root from 192.0.2.99 port 22 ssh2";
    private static final String TIMED = "Nov  7 10:00:0%d gw sshd[7]: Failed password for root from 203.0.113.%d"
            + " port 22 ssh2\n";

    @TempDir
    Path dir;

    /** The ways lines reach a jail's filter. */
    enum Way {
        /** {@code scan --no-state} on one core. */
        WHOLE_FILE_ONE_THREAD,
        /** {@code scan --no-state} on several cores. */
        WHOLE_FILE_PIPELINED,
        /** {@code scan} and {@code run}: a small backlog, line by line. */
        FOLLOW_LINE_BY_LINE,
        /** {@code scan} and {@code run}: a backlog over {@link FileFollower#BULK_MIN}, on every core. */
        FOLLOW_BULK;

        /** What a filter would see of {@code log}, and the source's counts. */
        Seen read(Path log) throws IOException {
            return read(log, null);
        }

        /** As {@link #read(Path)} for a jail with {@code pattern} as its {@code time-format} (null: none). */
        Seen read(Path log, TimePattern pattern) throws IOException {
            if (this == FOLLOW_BULK) {
                padToBulk(log);
            }
            List<String> texts = new ArrayList<>();
            List<Long> times = new ArrayList<>();
            LineConsumer keep = l -> {
                texts.add(l.text());
                times.add(l.epochMillis());
            };
            if (this == WHOLE_FILE_ONE_THREAD || this == WHOLE_FILE_PIPELINED) {
                LogFeeder f = new LogFeeder(new SyslogHeaderParser(NOW, ZoneOffset.UTC, pattern), new LineReader(),
                        this == WHOLE_FILE_PIPELINED);
                List<String> unreadable = new ArrayList<>();
                f.onUnreadableTime(l -> unreadable.add(l.lineNumber() + ": " + l.text()));
                f.feed(log, keep);
                return new Seen(texts, times, f.lines(), f.continuationLines(), f.unreadableTimeLines(),
                        f.overlongLines(), unreadable);
            }
            Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
            try (FollowSource s = new FollowSource("j", List.of(log.toString()), List.of(), FileFollower.Start.BEGINNING,
                    FileFollower.Settings.defaults(clock), ZoneOffset.UTC, pattern, NOW, this == FOLLOW_BULK)) {
                s.read(NOW, keep);
                return new Seen(texts, times, s.lines(), s.continuationLines(), s.unreadableTimeLines(),
                        s.overlongLines(), null);
            }
        }

        /** Puts enough timed lines before the log's own for a follower to read it in bulk. */
        private static void padToBulk(Path log) throws IOException {
            byte[] own = Files.readAllBytes(log);
            StringBuilder sb = new StringBuilder();
            String pad = "Nov  7 09:00:00 gw cron[2]: " + "p".repeat(100) + "\n";
            while (sb.length() < FileFollower.BULK_MIN + 1024) {
                sb.append(pad);
            }
            Files.writeString(log, sb);
            Files.write(log, own, StandardOpenOption.APPEND);
        }
    }

    /** The texts handed out, and the counts. */
    record Seen(List<String> texts, List<Long> times, long lines, long continuation, long unreadable, long overlong,
                List<String> unreadableShown) {

        /** The texts handed out without the padding of {@link Way#FOLLOW_BULK}. */
        List<String> own() {
            return texts.stream().filter(t -> !t.contains(" cron[2]: ")).toList();
        }
    }

    private Path log(String text) throws IOException {
        return Files.writeString(dir.resolve("authlog"), text, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void aLineWithoutATimeAfterTimedLinesIsWithheldAndCounted(Way way) throws IOException {
        // a PAM message with an embedded newline: its second half forges an sshd line for the admin's address
        Path log = log(TIMED.formatted(1, 1)
                + "Nov  7 10:00:02 gw sshd[8]: pam_unix(sshd:auth): note\n" + FORGED + "\n"
                + "  " + TIMED.formatted(3, 3)          // indented: a continuation, though a time follows
                + TIMED.formatted(4, 4));
        Seen seen = way.read(log);
        assertThat(seen.own()).noneMatch(t -> t.contains("192.0.2.99")).noneMatch(t -> t.contains("203.0.113.3"))
                .hasSize(3);
        assertThat(seen.continuation()).isEqualTo(2);
        assertThat(seen.lines() - seen.texts().size()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void aLineWhoseTimeCannotBeReadIsWithheldAndCountedNeverGivenAnotherLinesTime(Way way) throws IOException {
        // issue 16: a date that does not exist, a shape no reader knows, beside a continuation line
        Path log = log(TIMED.formatted(1, 1)
                + "Feb 30 10:00:02 gw sshd[7]: Failed password for root from 203.0.113.2 port 22 ssh2\n"
                + "07-Nov-2026 10:00:03 gw sshd[7]: Failed password for root from 203.0.113.3 port 22 ssh2\n"
                + FORGED + "\n"
                + TIMED.formatted(4, 4));
        Seen seen = way.read(log);
        assertThat(seen.own()).hasSize(2).noneMatch(t -> t.contains("203.0.113.2") || t.contains("203.0.113.3"));
        assertThat(seen.unreadable()).isEqualTo(2);
        assertThat(seen.continuation()).isEqualTo(1);
        if (seen.unreadableShown() != null) {
            assertThat(seen.unreadableShown()).containsExactly(
                    "2: Feb 30 10:00:02 gw sshd[7]: Failed password for root from 203.0.113.2 port 22 ssh2",
                    "3: 07-Nov-2026 10:00:03 gw sshd[7]: Failed password for root from 203.0.113.3 port 22 ssh2");
        }
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void nginxLinesADayApartKeepTheirOwnTimes(Way way) throws IOException {
        Path log = log("2026/11/05 10:00:00 [error] 1#0: *1 user \"a\" was not found, client: 192.0.2.7\n"
                + "2026/11/06 10:00:00 [error] 1#0: *2 user \"a\" was not found, client: 192.0.2.7\n"
                + "2026/11/07 10:00:00 [error] 1#0: *3 user \"a\" was not found, client: 192.0.2.7\n");
        Seen seen = way.read(log);
        List<Long> own = seen.times().subList(seen.times().size() - 3, seen.times().size());
        assertThat(own).containsExactly(Instant.parse("2026-11-05T10:00:00Z").toEpochMilli(),
                Instant.parse("2026-11-06T10:00:00Z").toEpochMilli(), Instant.parse("2026-11-07T10:00:00Z").toEpochMilli());
        assertThat(seen.unreadable() + seen.continuation()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = Way.class, names = {"WHOLE_FILE_ONE_THREAD", "WHOLE_FILE_PIPELINED", "FOLLOW_LINE_BY_LINE"})
    void withATimeFormatEveryLineMustCarryItFromTheFirst(Way way) throws IOException {
        TimePattern pattern = TimePattern.compile("%d.%m.%Y %H:%M:%S");
        Path log = log("07.11.2026 10:00:0x login failed from 203.0.113.1\n"
                + "07.11.2026 10:00:02 login failed from 203.0.113.2\n"
                + "Nov  7 10:00:03 gw sshd[7]: Failed password for root from 203.0.113.3 port 22 ssh2\n"
                + "  continued\n");
        Seen seen = way.read(log, pattern);
        assertThat(seen.own()).containsExactly("07.11.2026 10:00:02 login failed from 203.0.113.2");
        assertThat(seen.unreadable()).as("the first line too: the jail said its lines carry a time").isEqualTo(2);
        assertThat(seen.continuation()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = Way.class, names = {"WHOLE_FILE_ONE_THREAD", "WHOLE_FILE_PIPELINED", "FOLLOW_LINE_BY_LINE"})
    void aLogWithoutAnyTimeIsReadWhole(Way way) throws IOException {
        Path log = log("srv sshd[1]: Invalid user a from 203.0.113.1 port 22\n" + FORGED + "\n"
                + "Failed password for root from 203.0.113.2 port 22 ssh2\n");
        Seen seen = way.read(log);
        assertThat(seen.texts()).hasSize(3);
        assertThat(seen.continuation()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void anOverlongLineIsDroppedWholeAndCounted(Way way) throws IOException {
        // a client's text long enough to be cut where the daemon's end of line would be
        String tail = " sshd[1]: Failed password for root from 192.0.2.98 port 22 ssh2";
        String overlong = "Nov  7 10:00:02 gw sshd[9]: Invalid user "
                + "x".repeat(LineReader.DEFAULT_MAX_LINE - 40) + tail;
        Path log = log(TIMED.formatted(1, 1) + overlong + "\n" + TIMED.formatted(3, 3));
        Seen seen = way.read(log);
        assertThat(seen.own()).noneMatch(t -> t.contains("Invalid user")).hasSize(2);
        assertThat(seen.overlong()).isEqualTo(1);
        assertThat(seen.lines() - seen.texts().size()).isEqualTo(1);
    }

    @Test
    void aLineLongerThanAParallelBlockIsDroppedOnceAndTheLinesAfterItAreNumberedAsInTheFile() throws IOException {
        String huge = "Nov  7 10:00:02 gw sshd[9]: Invalid user " + "y".repeat(9 << 20)
                + " sshd[1]: Failed password for root from 192.0.2.98 port 22 ssh2";
        Path log = log(TIMED.formatted(1, 1) + huge + "\n" + TIMED.formatted(3, 3) + huge + TIMED.formatted(5, 5));
        for (boolean pipelined : new boolean[] {false, true}) {
            LogFeeder f = new LogFeeder(new SyslogHeaderParser(NOW, ZoneOffset.UTC), new LineReader(), pipelined);
            List<String> seen = new ArrayList<>();
            f.feed(log, l -> seen.add(l.lineNumber() + " " + l.text()));
            assertThat(seen).as("pipelined %s", pipelined).containsExactly(
                    "1 " + TIMED.formatted(1, 1).strip(), "3 " + TIMED.formatted(3, 3).strip());
            assertThat(f.overlongLines()).isEqualTo(2);
            assertThat(f.lines()).isEqualTo(4);
        }
    }

    @Test
    void aWithheldLineCountsAsAnUnreadableTimeWhenItStartsAsATimeWould() {
        for (String timeLike : List.of("Feb 30 10:00:00 h t: m", "2026/13/01 x", "07-Nov-2026 x", "[Mon Jux 1] x",
                "@40000000 x", "<13>1 2026 x", "261306 10:00:00 x")) {
            byte[] b = timeLike.getBytes(StandardCharsets.UTF_8);
            assertThat(LineTrust.looksTimed(b, 0, b.length)).as(timeLike).isTrue();
        }
        for (String continuation : List.of("  indented", "sshd[1]: Failed", "Failed password", "5f3e1a15 smtp x",
                "", "#", "Febr 3")) {
            byte[] b = continuation.getBytes(StandardCharsets.UTF_8);
            assertThat(LineTrust.looksTimed(b, 0, b.length)).as(continuation).isFalse();
        }
    }

    @Test
    void aRotatedLogsSuccessorKeepsWhatItShowed() throws IOException {
        Path log = log(TIMED.formatted(1, 1));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        List<String> texts = new ArrayList<>();
        try (FollowSource s = new FollowSource("j", List.of(log.toString()), List.of(), FileFollower.Start.BEGINNING,
                FileFollower.Settings.defaults(clock), ZoneOffset.UTC, NOW, false)) {
            s.read(NOW, l -> texts.add(l.text()));
            Files.move(log, dir.resolve("authlog.0"));
            log(FORGED + "\n" + TIMED.formatted(2, 2));
            s.read(NOW, l -> texts.add(l.text()));
            s.read(NOW, l -> texts.add(l.text()));
            assertThat(texts).containsExactly(TIMED.formatted(1, 1).strip(), TIMED.formatted(2, 2).strip());
            assertThat(s.continuationLines()).isEqualTo(1);
        }
    }
}
