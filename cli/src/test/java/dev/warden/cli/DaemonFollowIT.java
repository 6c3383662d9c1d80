package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.cli.FollowFixture.PfCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.warden.cli.DaemonProcess.await;
import static dev.warden.cli.FollowFixture.PATIENCE;
import static dev.warden.cli.FollowFixture.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code warden run} follows its logs: a ban reaches pf within 2 s of the line, the unban comes when the
 * ban ends (the daemon wakes for it, it does not wait for its next poll), a first start applies only the
 * bans of the history still in force, and {@code --from-end} skips the history once, then resumes where it
 * stopped. Rotation, crashes and memory have their own classes.
 */
class DaemonFollowIT {

    private static final DateTimeFormatter RFC3164 = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** The address whose ban from the history is still in force; its two failures were five minutes ago. */
    private static final String IN_FORCE = "203.0.113.1";
    /** The address with a single failure in the history, still counted. */
    private static final String COUNTING = "203.0.113.3";

    @Test
    void bansWithinTwoSecondsOfTheLineAndUnbansWhenTheBanEnds(@TempDir Path dir) throws Exception {
        try (FollowFixture f = FollowFixture.in(dir)) {
            Path log = Files.createFile(dir.resolve("app.log"));
            // Polling every second (four times the default), and the line is written just after a round (a
            // control answer is followed by one at once): it waits a whole interval, the worst case.
            f.writeConfig("state", "1s", f.jail("app", log, 3, "3s", "bot"));
            try (DaemonProcess d = f.start()) {
                f.awaitFollowed(d, "app", 1);
                Instant written = Instant.ofEpochMilli(System.currentTimeMillis());
                Files.writeString(log, failure(written, "198.51.100.9").repeat(3), StandardOpenOption.APPEND);
                assertThat(await(PATIENCE, () -> !f.pfCalls().isEmpty())).as(d.stderr()).isTrue();
                PfCall add = f.pfCalls().get(0);
                assertThat(List.of(add.table(), add.verb(), add.addresses()))
                        .containsExactly("bot", "add", List.of("198.51.100.9"));
                assertThat(add.millis() - written.toEpochMilli()).as("ms from the write to pfctl add")
                        .isBetween(0L, 2000L);

                // The ban starts at the line's (log) time and lasts ban-time.
                long end = written.plusSeconds(3).toEpochMilli();
                assertThat(await(PATIENCE, () -> f.pfCalls().size() >= 2)).as(d.stderr()).isTrue();
                PfCall delete = f.pfCalls().get(1);
                assertThat(List.of(delete.table(), delete.verb(), delete.addresses()))
                        .containsExactly("bot", "delete", List.of("198.51.100.9"));
                System.out.printf("DaemonFollowIT: pfctl add %d ms after the write, delete %d ms after the end%n",
                        add.millis() - written.toEpochMilli(), delete.millis() - end);
                assertThat(delete.millis() - end).as("ms from the ban's end to pfctl delete").isBetween(0L, 1000L);
                assertThat(f.status("app").path("bansActive").asInt()).isZero();
                assertThat(f.pfCalls()).hasSize(2);
                assertThat(d.stop()).isZero();
            }
        }
    }

    @Test
    void wakesAtTheEndOfABanNotAtItsNextPoll(@TempDir Path dir) throws Exception {
        try (FollowFixture f = FollowFixture.in(dir)) {
            Path log = Files.createFile(dir.resolve("app.log"));
            // Polls 10 s apart: only a daemon that wakes for the ban's end lifts it within a second of it.
            f.writeConfig("state", "10s", f.jail("app", log, 3, "1h", "bot"));
            try (DaemonProcess d = f.start()) {
                WardenProcess.Result r = WardenProcess.run(dir, "ban", "-c", f.config.toString(), "app",
                        "192.0.2.8", "--for", "2s");
                assertThat(r.exitCode()).as(r.stderr()).isZero();
                assertThat(f.pfCalls()).extracting(PfCall::verb, PfCall::addresses)
                        .containsExactly(tuple("add", List.of("192.0.2.8")));
                String prefix = "banned 192.0.2.8 in app until ";
                assertThat(r.stdout()).startsWith(prefix);
                long end = Instant.parse(r.stdout().substring(prefix.length()).strip()).toEpochMilli();

                assertThat(await(PATIENCE, () -> f.pfCalls().size() >= 2)).as(d.stderr()).isTrue();
                PfCall delete = f.pfCalls().get(1);
                assertThat(List.of(delete.verb(), delete.addresses())).containsExactly("delete", List.of("192.0.2.8"));
                System.out.printf("DaemonFollowIT: pfctl delete %d ms after the end of a ban by hand%n",
                        delete.millis() - end);
                assertThat(delete.millis() - end).as("ms from the ban's end to pfctl delete").isBetween(0L, 1000L);
                assertThat(d.stop()).isZero();
            }
        }
    }

    @Test
    void firstStartAppliesOnlyTheBansOfTheHistoryStillInForce(@TempDir Path dir) throws Exception {
        try (FollowFixture f = FollowFixture.in(dir)) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Path log = history(dir, now);
            f.writeConfig("state", "50ms", f.jail("app", log, 2, "7m", "bot", "timezone: UTC"));
            try (DaemonProcess d = f.start()) {
                f.awaitLines(d, "app", 5);
                assertThat(f.lines("app")).isEqualTo(5);
                // Each answer comes between two rounds: the round that read the lines has applied its bans.
                assertThat(f.pfCalls()).extracting(PfCall::table, PfCall::verb, PfCall::addresses)
                        .containsExactly(tuple("bot", "add", List.of(IN_FORCE)));
                JsonNode status = f.cliJson("status", "--json").path("jails").get(0);
                assertThat(status.path("failuresTotal").asLong()).isEqualTo(5);
                assertThat(status.path("failuresCounted").asLong()).as("the one failure of " + COUNTING).isEqualTo(1);
                assertThat(status.path("bansActive").asInt()).isEqualTo(1);
                assertThat(FollowFixture.ends(f.cliJson("bans", "--json"), "app"))
                        .isEqualTo(Map.of(IN_FORCE, now.minus(Duration.ofMinutes(5)).plus(Duration.ofMinutes(7))));
                assertThat(d.stop()).isZero();
            }
            assertThat(f.pfCalls()).hasSize(1);
        }
    }

    @Test
    void fromEndSkipsTheHistoryOnceThenEveryRestartCatchesUp(@TempDir Path dir) throws Exception {
        try (FollowFixture f = FollowFixture.in(dir)) {
            Path log = history(dir, Instant.now().truncatedTo(ChronoUnit.SECONDS));
            f.writeConfig("state", "50ms", f.jail("app", log, 2, "1h", "bot", "timezone: UTC"));
            try (DaemonProcess d = f.start("--from-end")) {
                f.awaitFollowed(d, "app", 1);
                assertThat(f.lines("app")).isZero();
                assertThat(f.pfCalls()).isEmpty();
                d.kill9();   // before any line: where it started must be known all the same
            }
            append(log, "192.0.2.20", "192.0.2.20", "192.0.2.21");
            try (DaemonProcess d = f.start("--from-end")) {
                f.awaitLines(d, "app", 3);
                assertThat(f.lines("app")).isEqualTo(3);
                assertThat(f.pfCalls()).extracting(PfCall::verb, PfCall::addresses)
                        .containsExactly(tuple("add", List.of("192.0.2.20")));
                assertThat(f.status("app").path("failuresTotal").asLong()).isEqualTo(3);
                assertThat(d.stop()).isZero();
            }
            append(log, "192.0.2.22", "192.0.2.22", "192.0.2.21");
            try (DaemonProcess d = f.start("--from-end")) {
                f.awaitLines(d, "app", 3);
                assertThat(f.lines("app")).isEqualTo(3);
                List<PfCall> calls = f.pfCalls();
                assertThat(calls).hasSize(3);
                assertThat(calls.get(1).addresses()).as("re-applied from state").containsExactly("192.0.2.20");
                assertThat(calls.get(2).addresses()).as(".21 failed once before the stop and once after")
                        .containsExactlyInAnyOrder("192.0.2.21", "192.0.2.22");
                assertThat(f.status("app").path("failuresTotal").asLong()).isEqualTo(3);
                assertThat(d.stop()).isZero();
            }
        }
    }

    /**
     * A log with history (RFC 3164, UTC): two failures of {@link #IN_FORCE} five minutes ago, two of
     * 203.0.113.2 ten minutes ago (with a ban-time of 7 minutes, that ban ended three minutes ago), and one
     * of {@link #COUNTING} four minutes ago.
     */
    private static Path history(Path dir, Instant now) throws Exception {
        Path log = dir.resolve("app.log");
        Files.writeString(log, old(now, 10, "203.0.113.2") + old(now, 10, "203.0.113.2") + old(now, 5, IN_FORCE)
                + old(now, 5, IN_FORCE) + old(now, 4, COUNTING));
        return log;
    }

    private static String old(Instant now, int minutesAgo, String address) {
        return RFC3164.format(now.minus(Duration.ofMinutes(minutesAgo))) + " host app[7]: auth failure from "
                + address + "\n";
    }

    private static void append(Path log, String... addresses) throws Exception {
        StringBuilder s = new StringBuilder();
        for (String a : addresses) {
            s.append(failure(Instant.now(), a));
        }
        Files.writeString(log, s, StandardOpenOption.APPEND);
    }
}
