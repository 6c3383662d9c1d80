package dev.warden.core.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
 * {@link FollowSource}: a large backlog is read in bulk on every core, a small one line by line, and
 * the lines come out once each, in order, with their times, whichever way they were read; lines without
 * a time of their own in a timed file, and overlong lines, never come out.
 */
class FollowSourceTest {

    private static final Instant T0 = Instant.parse("2026-11-07T10:00:00Z");

    @TempDir
    Path dir;

    /**
     * Lines {@code from..to-1}: {@code TIME host t[1]: n=K}, the K-th second after T0; every 7th has no time
     * (a continuation line: never handed out).
     */
    private static String lines(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int k = from; k < to; k++) {
            if (k % 7 == 3) {
                sb.append("untimed n=").append(k).append('\n');
            } else {
                sb.append(T0.plusSeconds(k)).append(" host t[1]: n=").append(k).append('\n');
            }
        }
        return sb.toString();
    }

    private FollowSource source(Path log) {
        Clock clock = Clock.fixed(T0.plusSeconds(86_400), ZoneOffset.UTC);
        return new FollowSource("j", List.of(log.toString()), List.of(), FileFollower.Start.BEGINNING,
                FileFollower.Settings.defaults(clock), ZoneOffset.UTC, clock.instant(), true);
    }

    /** Reads what the source has now; returns each line's n and checks its time. */
    private static List<Integer> read(FollowSource source) throws IOException {
        List<Integer> out = new ArrayList<>();
        source.read(T0.plusSeconds(86_400), line -> {
            String m = new String(line.bytes(), line.start(), line.end() - line.start(), StandardCharsets.UTF_8);
            int k = Integer.parseInt(m.substring(m.indexOf("n=") + 2));
            long expected = T0.plusSeconds(k).toEpochMilli();
            if (!line.hasTime() || line.epochMillis() != expected) {
                throw new AssertionError("line " + k + " has time " + line.epochMillis() + ", not " + expected);
            }
            out.add(k);
        });
        return out;
    }

    /** The n of the lines {@code from..to-1} that are handed out: all but the untimed ones. */
    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int k = from; k < to; k++) {
            if (k % 7 != 3) {
                out.add(k);
            }
        }
        return out;
    }

    @Test
    void aBacklogLargerThanTheBulkMinimumComesOutOnceInOrderThenFollowingGoesOn() throws IOException {
        Path log = dir.resolve("maillog");
        int n = 300_000; // about 14 MB: more than FileFollower.BULK_MIN
        String text = lines(0, n);
        Files.writeString(log, text + T0.plusSeconds(n) + " host t[1]: n=" + n); // a partial last line
        assertThat(Files.size(log)).isGreaterThan(FileFollower.BULK_MIN);
        try (FollowSource source = source(log)) {
            assertThat(read(source)).isEqualTo(range(0, n));
            assertThat(source.lines()).isEqualTo(n);
            assertThat(source.untimedLines()).isEqualTo(n / 7 + (n % 7 > 3 ? 1 : 0));
            assertThat(source.continuationLines()).isEqualTo(source.untimedLines());
            assertThat(source.positions()).singleElement()
                    .satisfies(p -> assertThat(p.offset()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length));

            Files.writeString(log, "\n" + lines(n + 1, n + 5), StandardOpenOption.APPEND);
            assertThat(read(source)).isEqualTo(range(n, n + 5));
            assertThat(source.lines()).isEqualTo(n + 5);
        }
    }

    @Test
    void aSmallBacklogIsReadLineByLineWithTheSameResult() throws IOException {
        Path log = dir.resolve("maillog");
        Files.writeString(log, lines(0, 1000));
        try (FollowSource source = source(log)) {
            assertThat(read(source)).isEqualTo(range(0, 1000));
            Files.writeString(log, lines(1000, 1010), StandardOpenOption.APPEND);
            assertThat(read(source)).isEqualTo(range(1000, 1010));
            assertThat(source.lines()).isEqualTo(1010);
        }
    }
}
