package dev.warden.core.api;

import dev.warden.core.spi.FailureSink;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.LogLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A filter trial hands every line to the listener around the filter, and counts what it read. */
class FilterTrialTest {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    @TempDir
    Path dir;

    /** Reports the address after "from " of every message that has one. */
    private static final Filter FROM = (line, sink) -> {
        String m = line.message();
        int at = m.indexOf("from ");
        if (at >= 0) {
            IpAddress.parse(m.substring(at + 5)).ifPresent(a -> sink.failure(a, line.epochMillis(), "from"));
        }
    };

    /** Records "before N", "failure A", "after N" for each line. */
    private static final class Recorder implements FilterTrial.Listener, FailureSink {
        final List<String> seen = new ArrayList<>();

        @Override
        public FailureSink before(LogLine line) {
            seen.add("before " + line.lineNumber());
            return this;
        }

        @Override
        public void after(LogLine line) {
            seen.add("after " + line.lineNumber());
        }

        @Override
        public void failure(IpAddress address, long epochMillis, String kind) {
            seen.add("failure " + address + " " + Instant.ofEpochMilli(epochMillis));
        }

        @Override
        public void unattributed(long epochMillis, String kind) {
            seen.add("unattributed");
        }
    }

    @Test
    void eachLineGoesToTheListenerThenTheFilterThenTheListener() throws Exception {
        Path log = Files.writeString(dir.resolve("log"), "Dec 31 23:00:00 h sshd[1]: login\n"
                + "Dec 31 23:00:01 h sshd[1]: failed from 192.0.2.7"); // no newline at the end
        Recorder r = new Recorder();
        new FilterTrial(FROM, NOW, ZoneOffset.UTC).read(log, r);
        assertThat(r.seen).containsExactly("before 1", "after 1", "before 2",
                "failure 192.0.2.7 2024-12-31T23:00:01Z", "after 2");
    }

    @Test
    void countsLinesTimesAndFormatsOverEveryFileRead() throws Exception {
        Path a = Files.writeString(dir.resolve("a"), "Dec 31 23:00:00 h sshd[1]: one\n"
                + "no time at all\n"
                + "2024-12-31T23:30:00Z h sshd[1]: " + "x".repeat(70_000) + "\n");
        Path b = Files.writeString(dir.resolve("b"), "Dec 31 23:45:00 h sshd[1]: two\n");
        FilterTrial trial = new FilterTrial(FROM, NOW, ZoneOffset.UTC);
        trial.read(a, new Recorder());
        trial.read(b, new Recorder());
        FilterTrial.Counts c = trial.counts();
        assertThat(c.lines()).isEqualTo(4);
        assertThat(c.untimedLines()).isEqualTo(1);
        assertThat(c.continuationLines()).isEqualTo(1);
        assertThat(c.overlongLines()).isEqualTo(1);
        assertThat(c.timeFormats()).as("the overlong line is not parsed")
                .containsExactly(Map.entry("RFC3164", 2L), Map.entry("NONE", 1L));
        assertThat(c.timeFormats()).hasToString("{RFC3164=2, NONE=1}");
        assertThat(c.firstTime()).isEqualTo(Instant.parse("2024-12-31T23:00:00Z"));
        assertThat(c.lastTime()).isEqualTo(Instant.parse("2024-12-31T23:45:00Z"));
    }

    @Test
    void linesAScanWithholdsNeverReachTheFilterNorTheListener() throws Exception {
        // an embedded newline's second half, an indented continuation, and an overlong line cut where the client's
        // text would pass for the daemon's end
        Path log = Files.writeString(dir.resolve("log"), "Dec 31 23:00:00 h sshd[1]: login\n"
                + "sshd[1]: failed from 192.0.2.99\n"
                + " Dec 31 23:00:01 h sshd[1]: failed from 192.0.2.98\n"
                + "Dec 31 23:00:02 h sshd[1]: " + "x".repeat(70_000) + " failed from 192.0.2.97\n"
                + "Dec 31 23:00:03 h sshd[1]: failed from 192.0.2.7\n");
        Recorder r = new Recorder();
        FilterTrial trial = new FilterTrial(FROM, NOW, ZoneOffset.UTC);
        trial.read(log, r);
        assertThat(r.seen).containsExactly("before 1", "after 1", "before 5",
                "failure 192.0.2.7 2024-12-31T23:00:03Z", "after 5");
        assertThat(trial.counts().lines()).isEqualTo(5);
        assertThat(trial.counts().continuationLines()).isEqualTo(2);
        assertThat(trial.counts().overlongLines()).isEqualTo(1);
    }

    @Test
    void aLogWithoutTimesIsReadWhole() throws Exception {
        Path log = Files.writeString(dir.resolve("log"), "srv sshd[1]: login\nsshd[1]: failed from 192.0.2.7\n");
        Recorder r = new Recorder();
        FilterTrial trial = new FilterTrial(FROM, NOW, ZoneOffset.UTC);
        trial.read(log, r);
        assertThat(r.seen).containsExactly("before 1", "after 1", "before 2", "failure 192.0.2.7 " + NOW, "after 2");
        assertThat(trial.counts().continuationLines()).isZero();
    }

    @Test
    void aLogWithoutTimesHasNoTimeSpan() throws Exception {
        Path log = Files.writeString(dir.resolve("log"), "no time\n");
        FilterTrial trial = new FilterTrial(FROM, NOW, ZoneOffset.UTC);
        trial.read(log, new Recorder());
        assertThat(trial.counts().firstTime()).isNull();
        assertThat(trial.counts().lastTime()).isNull();
        assertThat(trial.counts().timeFormats()).containsOnlyKeys("NONE");
    }
}
