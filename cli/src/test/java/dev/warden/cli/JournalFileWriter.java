package dev.warden.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Writes entries into a real systemd journal file with {@code systemd-journal-remote} (Debian package
 * {@code systemd-journal-remote}, installed by {@code .ci/run}) from journal export format, as journald would
 * have written them: CI machines run no journald. Each {@link #write} appends to the same file, which
 * {@code journalctl --file --follow} sees. A test is skipped where the program is not installed.
 */
final class JournalFileWriter {

    static final Path PROGRAM = Path.of("/lib/systemd/systemd-journal-remote");
    private static final String BOOT_ID = "0123456789abcdef0123456789abcdef";

    private final Path file;
    private long monotonic = 1_000_000;

    /** A writer of {@code file}, whose name must end in {@code .journal}. */
    JournalFileWriter(Path file) {
        assumeTrue(Files.isExecutable(PROGRAM), PROGRAM + " is not installed (apt-get install systemd-journal-remote)");
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Appends one entry per message, each logged at {@code at} by {@code fields} (the unit, identifier, ...). */
    void write(Instant at, Map<String, String> fields, String... messages) throws IOException, InterruptedException {
        StringBuilder export = new StringBuilder();
        long micros = at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
        for (String m : messages) {
            export.append("__REALTIME_TIMESTAMP=").append(micros++).append('\n')
                    .append("__MONOTONIC_TIMESTAMP=").append(monotonic++).append('\n')
                    .append("_BOOT_ID=").append(BOOT_ID).append('\n')
                    .append("_HOSTNAME=gw\n");
            fields.forEach((k, v) -> export.append(k).append('=').append(v).append('\n'));
            export.append("MESSAGE=").append(m).append("\n\n");
        }
        Process p = new ProcessBuilder(PROGRAM.toString(), "--output=" + file, "-")
                .redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(export.toString().getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("systemd-journal-remote failed: " + out);
        }
    }

    /** The fields of sshd run by systemd as ssh.service, pid {@code pid}. */
    static Map<String, String> sshd(int pid) {
        return Map.of("SYSLOG_IDENTIFIER", "sshd", "_PID", Integer.toString(pid), "_SYSTEMD_UNIT", "ssh.service",
                "_COMM", "sshd");
    }
}
