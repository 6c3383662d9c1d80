package dev.warden.core.engine;

import dev.warden.core.spi.Filter;
import dev.warden.core.spi.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class JailScanTest {

    @Test
    void aLineTheFilterThrowsOnIsSkippedAndCountedAndTheScanGoesOn(@TempDir Path dir) throws Exception {
        Filter filter = (line, sink) -> {
            String m = line.message();
            if (m.contains("boom")) {
                throw new IllegalStateException("bad filter");
            }
            IpAddress.parse(m.substring(m.lastIndexOf(' ') + 1)).ifPresent(a -> sink.failure(a, line.epochMillis(), "x"));
        };
        Path log = dir.resolve("log");
        Files.writeString(log, """
                2026-11-07T10:00:00Z h t: fail 192.0.2.1
                2026-11-07T10:00:01Z h t: boom 192.0.2.1
                2026-11-07T10:00:02Z h t: fail 192.0.2.1
                """);
        Jail jail = new Jail("j", new JailPolicy(2, Duration.ofHours(1), Duration.ofHours(1)), a -> false,
                new BanBook());
        JailScan scan = new JailScan(jail, filter, ZoneOffset.UTC, Instant.parse("2026-11-07T12:00:00Z"));
        scan.scan(log);
        assertThat(scan.skippedLines()).isEqualTo(1);
        assertThat(jail.failures()).isEqualTo(2);
        assertThat(jail.bans()).hasSize(1);
    }
}
