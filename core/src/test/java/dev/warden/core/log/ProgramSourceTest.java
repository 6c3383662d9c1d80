package dev.warden.core.log;

import org.junit.jupiter.api.AfterEach;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A jail's lines from a real program: once to its end (scan), and kept running (run). */
class ProgramSourceTest {

    private static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");

    @TempDir
    Path dir;

    private ProgramSource source;
    private final List<String> seen = new ArrayList<>();

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    private void read() throws IOException {
        source.read(NOW, line -> seen.add(line.tag() + "|" + line.message()));
    }

    private static List<String> sh(String script) {
        return List.of("/bin/sh", "-c", script);
    }

    @Test
    void onceReadsTheWholeOutputAsLinesWithHeadersParsed() throws Exception {
        source = ProgramSource.command("j", sh("printf 'Dec  7 02:00:00 gw sshd[1]: one\\nDec  7 02:00:01 gw sshd[2]: two'"),
                false, ZoneOffset.UTC, null, NOW);
        read();
        read(); // once: a second read runs nothing
        assertThat(seen).containsExactly("sshd|one", "sshd|two");
        assertThat(source.lines()).isEqualTo(2);
        assertThat(source.positions()).isEmpty();
        assertThat(source.files()).containsExactly(Path.of("/bin/sh"));
    }

    @Test
    void aCommandsLinesAreReadWithTheJailsTimeFormatAndAnUnreadableTimeIsCountedNotStamped() throws Exception {
        List<String> times = new ArrayList<>();
        source = ProgramSource.command("j", sh("printf '06.12.2026 19:02:25 one\\n06.13.2026 19:02:26 two\\n"
                        + "07.12.2026 19:02:27 three\\n'"), false, ZoneOffset.UTC,
                TimePattern.compile("%d.%m.%Y %H:%M:%S"), NOW);
        source.read(NOW, line -> times.add(line.message() + "@" + java.time.Instant.ofEpochMilli(line.epochMillis())));
        assertThat(times).containsExactly("one@2026-12-06T19:02:25Z", "three@2026-12-07T19:02:27Z");
        assertThat(source.unreadableTimeLines()).isEqualTo(1);
        assertThat(source.continuationLines()).isZero();
    }

    @Test
    void onceReportsAFailedProgramAfterItsLines() {
        source = ProgramSource.command("j", sh("echo 'Dec  7 02:00:00 gw a: x'; echo oops >&2; exit 3"), false,
                ZoneOffset.UTC, null, NOW);
        assertThatThrownBy(this::read).isInstanceOf(IOException.class).hasMessage("/bin/sh exited with status 3");
        assertThat(seen).containsExactly("a|x");
    }

    @Test
    void onceReportsAProgramThatCannotStart() {
        source = ProgramSource.command("j", List.of(dir.resolve("absent").toString()), false, ZoneOffset.UTC, null, NOW);
        assertThatThrownBy(this::read).isInstanceOf(IOException.class).hasMessageContaining("could not be started");
    }

    @Test
    void followingHandsOutLinesAsTheyComeAndStartsTheProgramAgainWhenItExits() throws Exception {
        Path count = dir.resolve("count");
        // no newline at the end: the last line of a run ends with the run, never joins the next run's first
        source = ProgramSource.command("j", sh("echo run >> " + count + "; printf \"Dec  7 02:00:00 gw t: $(wc -l < "
                + count + ")\""), true, ZoneOffset.UTC, null, NOW);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (seen.size() < 2 && System.nanoTime() < deadline) {
            read();
            Thread.sleep(20);
        }
        assertThat(seen).startsWith("t|1", "t|2"); // started again after it ended (1 s later)
    }

    @Test
    void closeStopsAFollowedProgramAndWhatItStarted() throws Exception {
        Path pid = dir.resolve("pid");
        source = ProgramSource.command("j", sh("sleep 300 & echo $! > " + pid + "; wait"), true, ZoneOffset.UTC, null, NOW);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(Files.exists(pid) && Files.size(pid) > 0) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long sleeper = Long.parseLong(Files.readString(pid, StandardCharsets.UTF_8).strip());
        source.close();
        deadline = System.nanoTime() + 10_000_000_000L;
        while (ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aJournalSourceKeepsTheCursorOfTheLastEntryHandedOut() throws Exception {
        Path json = dir.resolve("j.json");
        Files.writeString(json, """
                {"__CURSOR":"s=a;i=1","__REALTIME_TIMESTAMP":"1796608800000000","SYSLOG_IDENTIFIER":"sshd","MESSAGE":"one"}
                {"__CURSOR":"s=a;i=2","__REALTIME_TIMESTAMP":"1796608801000000","SYSLOG_IDENTIFIER":"sshd","MESSAGE":"two"}
                """);
        // a stand-in journalctl that records its arguments and prints the entries
        Path fake = dir.resolve("journalctl");
        Files.writeString(fake, "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + dir.resolve("args") + "\ncat " + json + "\n");
        fake.toFile().setExecutable(true);
        source = ProgramSource.journal("j", List.of(fake.toString(), "--output=json"), fake,
                "s=a;i=0", false, false, ZoneOffset.UTC, NOW);
        read();
        assertThat(seen).containsExactly("sshd|one", "sshd|two");
        assertThat(Files.readAllLines(dir.resolve("args"))).containsExactly("--output=json", "--after-cursor=s=a;i=0");
        assertThat(source.cursor()).isEqualTo("s=a;i=2");
        assertThat(source.positions()).as("a journal has no file position").isEmpty();
    }

    @Test
    void followingTheJournalAsksForEverythingOrOnlyNewEntries() {
        ProgramSource all = ProgramSource.journal("j", List.of("/bin/false"), Path.of("/bin/false"), null, true,
                false, ZoneOffset.UTC, NOW);
        all.close();
        assertThat(argv(false, null)).containsExactly("/x", "--follow", "--no-tail");
        assertThat(argv(true, null)).containsExactly("/x", "--lines=0", "--follow");
        assertThat(argv(true, "c")).containsExactly("/x", "--after-cursor=c", "--follow", "--no-tail");
    }

    /** The argv a following journal source would start with. */
    private static List<String> argv(boolean fromEnd, String cursor) {
        return JournalProgram.argv(List.of("/x"), cursor, true, fromEnd);
    }
}
