package dev.warden.core.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogFeederTest {

    private static final Instant REF = Instant.parse("2025-01-02T00:00:00Z");

    private static List<String> run(Path file, boolean pipelined, LogFeeder[] out) throws IOException {
        LogFeeder f = new LogFeeder(new SyslogHeaderParser(REF, ZoneOffset.UTC), new LineReader(4096, 1024), pipelined);
        List<String> seen = new ArrayList<>();
        f.feed(file, l -> seen.add(l.lineNumber() + "|" + l.epochMillis() + "|" + l.hasTime() + "|" + l.host() + "|"
                + l.tag() + "|" + l.pid() + "|" + l.message() + "|" + l.text()));
        out[0] = f;
        return seen;
    }

    @Test
    void pipelinedFeedSeesExactlyWhatThePlainFeedSees(@TempDir Path dir) throws IOException {
        Random rnd = new Random(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            sb.append("srv journal[7]: before any time ").append(i).append('\n'); // the reference time, handed on
        }
        for (int i = 500; i < 60_000; i++) {
            switch (rnd.nextInt(6)) {
                case 0 -> sb.append("Dec 31 23:59:").append(String.format("%02d", rnd.nextInt(60)))
                        .append(" mail smtpd[").append(rnd.nextInt(99999)).append("]: ")
                        .append(Long.toHexString(rnd.nextLong())).append(" smtp connected address=192.0.2.")
                        .append(rnd.nextInt(255)).append(" host=x");
                case 1 -> sb.append("Jan  1 00:00:0").append(rnd.nextInt(10)).append(" h sshd: Invalid user");
                case 2 -> sb.append("2026-11-27T10:00:00.5+01:00 srv app[1]: iso ").append(i);
                case 3 -> sb.append("garbage line ").append("x".repeat(rnd.nextInt(3000)));
                case 4 -> sb.append("");
                default -> sb.append("srv journal[7]: no time ").append(i);
            }
            sb.append(rnd.nextInt(20) == 0 ? "\r\n" : "\n");
        }
        sb.append("Jan  1 00:00:09 h last: no newline at end");
        Path file = dir.resolve("log");
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        LogFeeder[] plain = new LogFeeder[1];
        LogFeeder[] piped = new LogFeeder[1];
        List<String> a = run(file, false, plain);
        List<String> b = run(file, true, piped);
        assertThat(plain[0].lines()).isEqualTo(60_001);
        assertThat(a).hasSize((int) (60_001 - plain[0].continuationLines() - plain[0].overlongLines()));
        assertThat(plain[0].continuationLines()).isPositive();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            String x = a.get(i);
            String y = b.get(i);
            assertThat(y).as("line %d", i + 1).isEqualTo(x);
        }
        assertThat(b).hasSameSizeAs(a);
        assertThat(piped[0].lines()).isEqualTo(plain[0].lines()).isEqualTo(60_001);
        assertThat(piped[0].untimedLines()).isEqualTo(plain[0].untimedLines()).isPositive();
        assertThat(piped[0].continuationLines()).isEqualTo(plain[0].continuationLines());
        assertThat(piped[0].formats()).isEqualTo(plain[0].formats());
        assertThat(piped[0].overlongLines()).isEqualTo(plain[0].overlongLines()).isPositive();
        assertThat(piped[0].lastMillis()).isEqualTo(plain[0].lastMillis());
    }

    @Test
    void aLineLongerThanABlockIsDroppedTheSameWayInBothFeeds(@TempDir Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            sb.append("Jan  1 00:00:01 h a[1]: before ").append(i).append('\n');
        }
        sb.append("Jan  1 00:00:02 h a[1]: huge ").append("y".repeat(9 << 20)).append('\n');
        for (int i = 0; i < 1000; i++) {
            sb.append("Jan  1 00:00:03 h a[1]: after ").append(i).append('\n');
        }
        Path file = dir.resolve("log");
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        LogFeeder[] plain = new LogFeeder[1];
        LogFeeder[] piped = new LogFeeder[1];
        List<String> a = run(file, false, plain);
        List<String> b = run(file, true, piped);
        assertThat(a).hasSize(2000);
        assertThat(a.get(1000)).as("numbered as in the file").startsWith("1002|").endsWith("after 0");
        assertThat(b).isEqualTo(a);
        assertThat(piped[0].lines()).isEqualTo(plain[0].lines()).isEqualTo(2001);
        assertThat(piped[0].overlongLines()).isEqualTo(plain[0].overlongLines()).isEqualTo(1);
    }

    @Test
    void aFailingConsumerStopsThePipelineAndPropagates(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("log");
        Files.writeString(file, "a: x\n".repeat(200_000));
        LogFeeder f = new LogFeeder(new SyslogHeaderParser(REF, ZoneOffset.UTC), new LineReader(), true);
        int[] n = {0};
        assertThatThrownBy(() -> f.feed(file, l -> {
            if (++n[0] == 1000) {
                throw new IllegalStateException("boom");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(n[0]).isEqualTo(1000);
    }
}
