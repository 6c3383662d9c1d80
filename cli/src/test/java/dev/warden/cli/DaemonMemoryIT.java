package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.warden.cli.DaemonProcess.await;
import static dev.warden.cli.FollowFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A botnet spray, a million addresses failing once each, does not take {@code warden run} beyond a fixed
 * heap: with {@code max-tracked: 100000} it forgets the stalest addresses, reads every line, and keeps
 * working, in a JVM limited to 64 MiB.
 */
class DaemonMemoryIT {

    private static final int ADDRESSES = 1_000_000;
    private static final int MAX_TRACKED = 100_000;

    @Test
    void aMillionAddressesFitInASixtyFourMegabyteHeap(@TempDir Path dir) throws Exception {
        try (FollowFixture f = FollowFixture.in(dir)) {
            Path log = dir.resolve("maillog");
            // One failure per millisecond over the last 17 minutes, each from another address (about 70 MB).
            long first = System.currentTimeMillis() - ADDRESSES;
            try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.US_ASCII)) {
                for (int i = 0; i < ADDRESSES; i++) {
                    w.write(failure(Instant.ofEpochMilli(first + i), FollowFixture.address(i)));
                }
            }
            f.writeConfig("state", "50ms", f.jail("spray", log, 2, "1h", "bot", "max-tracked: " + MAX_TRACKED));
            long started = System.nanoTime();
            try (DaemonProcess d = DaemonProcess.start(dir, f.config, f.socket, List.of("-XX:+UseSerialGC",
                    "-Xmx64m", "-XX:+ExitOnOutOfMemoryError"))) {   // an OutOfMemoryError cannot hide in a thread
                assertThat(await(Duration.ofSeconds(90), () -> f.lines("spray") >= ADDRESSES))
                        .as(() -> "lines read: " + f.lines("spray")).isTrue();
                JsonNode s = f.status("spray");
                System.out.printf("DaemonMemoryIT: %d lines read in %d ms from the start, %d addresses tracked%n",
                        ADDRESSES, (System.nanoTime() - started) / 1_000_000, s.path("addressesTracked").asLong());
                assertThat(s.path("lines").asLong()).isEqualTo(ADDRESSES);
                assertThat(s.path("failuresTotal").asLong()).isEqualTo(ADDRESSES);
                assertThat(s.path("addressesTracked").asLong()).isBetween(1L, (long) MAX_TRACKED);
                assertThat(s.path("bansTotal").asLong()).isZero();

                // Still working: a new address failing twice is banned.
                Files.writeString(log, failure(Instant.now(), "192.0.2.99").repeat(2), StandardOpenOption.APPEND);
                assertThat(await(FollowFixture.PATIENCE, () -> !f.pfCalls().isEmpty())).as(d.stderr()).isTrue();
                assertThat(f.pfCalls()).extracting(FollowFixture.PfCall::addresses)
                        .containsExactly(List.of("192.0.2.99"));
                assertThat(d.stop()).isZero();
                assertThat(d.stderr()).doesNotContain("OutOfMemoryError");
            }
        }
    }
}
