package dev.warden.cli;

import dev.warden.cli.FollowFixture.PfCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.warden.cli.DaemonProcess.await;
import static dev.warden.cli.FollowFixture.PATIENCE;
import static dev.warden.cli.FollowFixture.address;
import static dev.warden.cli.FollowFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code warden run} killed with {@code kill -9} in the middle of a run of bans comes back with every ban
 * its state recorded (the state file and the bans journaled after it), each with its original end, lifts
 * the bans that ended while it was down, and goes on reading exactly where the saved state says, in the
 * log rotated while it was down: no line is counted twice towards a ban, none is skipped.
 */
class DaemonCrashIT {

    private static final int LINES = 3_000;
    private static final List<String> BRIEF = List.of("203.0.113.1", "203.0.113.2", "203.0.113.3");

    @Test
    void restartsWithTheRecordedBansAndReadsOnWhereTheStateSays(@TempDir Path dir) throws Exception {
        try (FollowFixture f = FollowFixture.in(dir)) {
            Path mail = Files.createFile(dir.resolve("maillog"));
            Path brief = Files.createFile(dir.resolve("brief.log"));
            // main: every line bans another address for an hour; brief: bans that end while the daemon is down.
            f.writeConfig("state", "50ms", f.jail("main", mail, 1, "1h", "bot"),
                    f.jail("brief", brief, 1, "4s", "brief"));
            Map<String, Instant> reported;
            try (LogWriter w = new LogWriter(mail)) {
                try (DaemonProcess d = f.start()) {
                    w.start(LINES, i -> failure(Instant.now(), address(i)), 10, 10);
                    w.awaitWritten(LINES / 3, PATIENCE);
                    StringBuilder lines = new StringBuilder();
                    BRIEF.forEach(a -> lines.append(failure(Instant.now(), a)));
                    Files.writeString(brief, lines, StandardOpenOption.APPEND);
                    assertThat(await(PATIENCE, () -> SavedState.read(dir).bans("brief").size() == 3))
                            .as(d.stderr()).isTrue();
                    reported = FollowFixture.ends(f.request("bans"), "main");
                    assertThat(reported).isNotEmpty();
                    d.kill9();
                }
                assertThat(w.written()).as("killed while the writer was writing").isLessThan(LINES);
                assertThat(f.pfCalls("brief", "delete")).as("killed before the brief bans ended").isEmpty();
                // The lines go on while the daemon is down, and newsyslog rotates the log meanwhile.
                w.rotateByRename(100);
                w.join(Duration.ofSeconds(60));
            }

            SavedState saved = SavedState.read(dir);
            int linesSaved = saved.linesBefore("main", mail, LogWriter.rotated(mail, 0));
            Map<String, Instant> recorded = saved.bans("main");
            int linesBanned = recorded.size();
            List<String> readBefore = addresses(0, linesBanned);
            assertThat(linesBanned).as("the bans journaled since the last save come from lines after it")
                    .isGreaterThanOrEqualTo(linesSaved);
            assertThat(recorded.keySet()).as("one ban per line read before the kill, in the state or its journal")
                    .containsExactlyInAnyOrderElementsOf(readBefore);
            assertThat(recorded).as("the bans reported before the kill, with their ends")
                    .containsAllEntriesOf(reported);
            Instant briefEnd = saved.bans("brief").values().stream().max(Instant::compareTo).orElseThrow();
            assertThat(await(PATIENCE, () -> Instant.now().isAfter(briefEnd.plusMillis(100)))).isTrue();

            int callsBefore = f.pfCalls().size();
            try (DaemonProcess d = f.start()) {
                f.awaitLines(d, "main", LINES - linesSaved);
                var status = f.cliJson("status", "--json").path("jails");
                assertThat(status.get(0).path("lines").asLong()).isEqualTo(LINES - linesSaved);
                assertThat(status.get(0).path("failuresTotal").asLong()).as("failures counted after the restart")
                        .isEqualTo(LINES - linesSaved);
                int briefSaved = saved.linesBefore("brief", brief, brief);
                assertThat(status.get(1).path("lines").asLong()).as("brief's lines after its saved position")
                        .isEqualTo(BRIEF.size() - briefSaved);

                List<PfCall> all = f.pfCalls();
                List<PfCall> calls = all.subList(callsBefore, all.size());
                List<PfCall> brieflyBanned = calls.stream().filter(c -> c.table().equals("brief")).toList();
                assertThat(brieflyBanned).hasSize(1);
                assertThat(brieflyBanned.get(0).verb()).isEqualTo("delete");
                assertThat(brieflyBanned.get(0).addresses()).containsExactlyInAnyOrderElementsOf(BRIEF);
                List<PfCall> bot = calls.stream().filter(c -> c.table().equals("bot")).toList();
                assertThat(bot).allMatch(c -> c.verb().equals("add"));
                assertThat(bot.get(0).addresses()).as("re-applied from the state")
                        .containsExactlyInAnyOrderElementsOf(readBefore);
                List<String> added = new ArrayList<>();
                bot.subList(1, bot.size()).forEach(c -> added.addAll(c.addresses()));
                assertThat(added).as("banned from the lines after the last recorded ban, each once (the lines"
                                + " read again between the saved position and it are absorbed by its bans)")
                        .containsExactlyInAnyOrderElementsOf(addresses(linesBanned, LINES));

                var bans = f.cliJson("bans", "--json");
                Map<String, Instant> now = FollowFixture.ends(bans, "main");
                assertThat(now).hasSize(LINES).containsAllEntriesOf(recorded);
                assertThat(FollowFixture.ends(bans, "brief")).isEmpty();
                assertThat(d.stop()).isZero();
            }
            SavedState after = SavedState.read(dir);
            for (String a : BRIEF) {
                assertThat(after.count("brief", a)).as("%s banned once, whatever was read again", a).isEqualTo(1);
            }
        }
    }

    @Test
    void aBanOnlyInTheJournalComesBackAfterKill9WithItsEndAndCountsOnceForEscalation(@TempDir Path dir)
            throws Exception {
        try (FollowFixture f = FollowFixture.in(dir)) {
            Path log = Files.createFile(dir.resolve("app.log"));
            String a = "198.51.100.60";
            // The whole state is only rewritten every hour here: the ban can only survive through the journal.
            f.writeConfigSavingEvery("1h", "state", "50ms",
                    f.jail("main", log, 1, "8s", "bot", "ban-time-increment: {factor: 2}"));
            Instant end;
            try (DaemonProcess d = f.start()) {
                f.awaitLines(d, "main", 0);
                Files.writeString(log, failure(Instant.now(), a), StandardOpenOption.APPEND);
                assertThat(await(PATIENCE, () -> !f.pfCalls("bot", "add").isEmpty())).as(d.stderr()).isTrue();
                end = FollowFixture.ends(f.request("bans"), "main").get(a);
                d.kill9();
            }
            assertThat(Files.readString(dir.resolve("state/state"))).as("not in the state file").doesNotContain(a);
            assertThat(Files.readString(dir.resolve("state/journal"))).contains("ban main " + a + " ");

            try (DaemonProcess d = f.start()) {
                assertThat(FollowFixture.ends(f.request("bans"), "main")).as("its original end")
                        .isEqualTo(Map.of(a, end));
                f.awaitLines(d, "main", 1);   // the line is read again (the position saved is before it)...
                assertThat(f.pfCalls("bot", "add")).as("...and absorbed by the journaled ban: re-applied once")
                        .extracting(PfCall::addresses).containsExactly(List.of(a), List.of(a));
                assertThat(await(PATIENCE, () -> f.pfCalls("bot", "delete").size() == 1)).isTrue();
                Instant before = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
                Files.writeString(log, failure(before, a), StandardOpenOption.APPEND);
                assertThat(await(PATIENCE, () -> f.pfCalls("bot", "add").size() == 3)).as(d.stderr()).isTrue();
                Instant second = FollowFixture.ends(f.request("bans"), "main").get(a);
                assertThat(Duration.between(before, second)).as("one earlier ban: 8 s doubled once, not twice")
                        .isEqualTo(Duration.ofSeconds(16));
                assertThat(d.stop()).isZero();
            }
        }
    }

    @Test
    void aBanOrUnbanByHandIsSavedBeforeTheCommandAnswers(@TempDir Path dir) throws Exception {
        try (FollowFixture f = FollowFixture.in(dir)) {
            Path mail = Files.createFile(dir.resolve("maillog"));
            f.writeConfig("state", "50ms", f.jail("main", mail, 1, "1h", "bot"));
            Instant end;
            try (DaemonProcess d = f.start()) {
                assertThat(cli(f, "ban", "main", "192.0.2.50", "--for", "1h")).startsWith("banned 192.0.2.50");
                assertThat(cli(f, "ban", "main", "192.0.2.51")).startsWith("banned 192.0.2.51");
                assertThat(cli(f, "unban", "192.0.2.51")).isEqualTo("unbanned 192.0.2.51 in main\n");
                end = FollowFixture.ends(f.request("bans"), "main").get("192.0.2.50");
                d.kill9();   // no line was read: nothing but the commands themselves had a reason to save
            }
            int callsBefore = f.pfCalls().size();
            try (DaemonProcess d = f.start()) {
                assertThat(FollowFixture.ends(f.request("bans"), "main")).isEqualTo(Map.of("192.0.2.50", end));
                assertThat(f.pfCalls().subList(callsBefore, f.pfCalls().size()))
                        .extracting(PfCall::verb, PfCall::addresses)
                        .containsExactly(tuple("add", List.of("192.0.2.50")));
                assertThat(d.stop()).isZero();
            }
        }
    }

    private static String cli(FollowFixture f, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-c", f.config.toString()));
        WardenProcess.Result r = WardenProcess.run(f.dir, all.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r.stdout();
    }

    private static List<String> addresses(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(address(i));
        }
        return out;
    }

    /**
     * The daemon's state as the test reads it: {@code ban} and {@code file} lines of the state file, then
     * the {@code ban} lines of its journal (blocks whose commit line was written; a journal is only ever
     * appended to the state file it names, so reading both is what the daemon reads at its start).
     */
    private record SavedState(List<String[]> lines) {

        static SavedState read(Path dir) {
            try {
                List<String[]> out = new ArrayList<>();
                for (String l : Files.readAllLines(dir.resolve("state/state"))) {
                    out.add(l.split(" "));
                }
                Path journal = dir.resolve("state/journal");
                if (Files.exists(journal)) {
                    List<String[]> block = new ArrayList<>();
                    for (String l : Files.readAllLines(journal)) {
                        if (l.startsWith("commit ")) {
                            out.addAll(block);
                            block.clear();
                        } else if (l.startsWith("ban ")) {
                            block.add(l.split(" "));
                        }
                    }
                }
                return new SavedState(out);
            } catch (java.nio.file.NoSuchFileException e) {
                return new SavedState(List.of());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** {@code count JAIL ADDRESS N [LAST-END]}: N, or 0 without a line. */
        int count(String jail, String address) {
            for (String[] l : lines) {
                if (l[0].equals("count") && l[1].equals(jail) && l[2].equals(address)) {
                    return Integer.parseInt(l[3]);
                }
            }
            return 0;
        }

        /** {@code ban JAIL ADDRESS START END FAILURES ORIGIN}: the ends by address. */
        Map<String, Instant> bans(String jail) {
            Map<String, Instant> out = new HashMap<>();
            for (String[] l : lines) {
                if (l[0].equals("ban") && l[1].equals(jail)) {
                    Instant before = out.put(l[2], Instant.parse(l[4]));
                    assertThat(before == null || before.equals(Instant.parse(l[4])))
                            .as("one ban per address (a stale journal may repeat one of the file)").isTrue();
                }
            }
            return out;
        }

        /**
         * {@code file JAIL DEV:INO OFFSET FINGERPRINT/LENGTH PATH} for {@code log}: how many lines come
         * before the saved offset, which must be at the end of a line, in {@code file} (the log's file then,
         * renamed since).
         */
        int linesBefore(String jail, Path log, Path file) throws java.io.IOException {
            Set<String> offsets = new HashSet<>();
            for (String[] l : lines) {
                if (l[0].equals("file") && l[1].equals(jail)) {
                    assertThat(l[5]).isEqualTo(log.toAbsolutePath().toString());
                    offsets.add(l[3]);
                }
            }
            assertThat(offsets).hasSize(1);
            int offset = Integer.parseInt(offsets.iterator().next());
            byte[] content = Files.readAllBytes(file);
            assertThat(offset == 0 || content[offset - 1] == '\n').as("offset " + offset + " ends a line").isTrue();
            int n = 0;
            for (int i = 0; i < offset; i++) {
                if (content[i] == '\n') {
                    n++;
                }
            }
            return n;
        }
    }
}
