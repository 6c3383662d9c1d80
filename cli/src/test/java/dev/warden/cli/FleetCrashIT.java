package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.core.fleet.FleetStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, a node killed with {@code kill -9} (state format 5, docs/fleet.md): B restarted resumes from the last
 * entry it applied (kept in its state with the remote bans it held), so it neither applies again what it had
 * applied nor misses what came while it was down, an unban included; bans A made while its Redis was down and
 * that A then lost to a {@code kill -9} are still published after A's restart.
 */
class FleetCrashIT extends WithFleetFixture {

    private DaemonFixture a;
    private DaemonFixture b;

    @BeforeEach
    void setUp() throws Exception {
        a = node("a", config("a", "1h")); // saved at start, after a ban by hand and at stop only: the rest is in the journal
        b = node("b", config("b", "1s"));
    }

    private String config(String node, String saveInterval) {
        return "save-interval: " + saveInterval + "\n" + fleet(node) + smtpdJail("max-retry: 2", "ban-time: 2h");
    }

    /** How many pfctl calls on the fleet table did {@code verb} (add, delete) to {@code address}, batched or not. */
    private static long count(DaemonFixture f, String verb, String address) {
        return count(f, "fleet", verb, address);
    }

    private static boolean did(DaemonFixture f, String verb, String address) {
        return count(f, verb, address) > 0;
    }

    private String lastId() {
        try (FleetStore s = FleetStore.connect(redis.address(), "warden:bans", "test", 1000)) {
            return s.lastId();
        }
    }

    private static JsonNode fleetStatus(DaemonFixture f) throws Exception {
        WardenProcess.Result r = f.warden("status", "--json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return new ObjectMapper().readTree(r.stdout()).path("fleet");
    }

    @Test
    void aNodeKilledAndRestartedResumesFromTheLastEntryItAppliedMissingNothing() throws Exception {
        try (DaemonProcess da = a.start()) {
            String last;
            try (DaemonProcess db = b.start()) {
                Thread.sleep(700); // B has caught up (nothing yet) and follows the stream
                assertThat(a.warden("ban", "smtpd", "203.0.113.1").exitCode()).isZero(); // unbanned while B is down
                assertThat(a.warden("ban", "smtpd", "203.0.113.3").exitCode()).isZero(); // in force throughout
                assertThat(a.warden("ban", "smtpd", "203.0.113.4", "--for", "10s").exitCode()).isZero(); // ends
                assertThat(a.warden("ban", "smtpd", "203.0.113.9").exitCode()).isZero(); // lifted before the kill
                assertThat(a.warden("unban", "203.0.113.9").exitCode()).isZero();
                assertThat(DaemonProcess.await(Duration.ofSeconds(5),
                        () -> did(b, "delete", "203.0.113.9"))).isTrue();
                last = lastId();
                // B's state keeps the position and the bans it holds (saved within its save-interval).
                assertThat(eventually(Duration.ofSeconds(10),
                        () -> b.stateFile().contains("\nfleet-position " + last + " warden:bans\n"))).as("B's state: %s", b.stateFile()).isTrue();
                assertThat(b.stateFile()).startsWith("warden-state 5\n")
                        .contains("\nfleet-held a smtpd 203.0.113.1 ").contains("\nfleet-held a smtpd 203.0.113.3 ")
                        .contains("\nfleet-held a smtpd 203.0.113.4 ")
                        .doesNotContain("203.0.113.9");
                db.kill9();
            }
            assertThat(a.warden("unban", "203.0.113.1").exitCode()).isZero();
            assertThat(a.warden("ban", "smtpd", "203.0.113.2").exitCode()).isZero();
            try (DaemonProcess db = b.start()) {
                assertThat(DaemonProcess.await(Duration.ofSeconds(5),
                        () -> did(b, "delete", "203.0.113.1")
                                && did(b, "add", "203.0.113.2")))
                        .as("B after the restart: %s", fleetCalls(b)).isTrue();
                assertThat(db.stderr()).contains("fleet: following warden:bans from entry " + last + ", the last applied")
                        .containsPattern("fleet: [23] remote ban\\(s\\) in force re-applied from state")
                        .doesNotContain("\tat ");
                // The ban that ended (while B was down, or since) is lifted at its end, not left in the table.
                assertThat(DaemonProcess.await(Duration.ofSeconds(20), () -> did(b, "delete", "203.0.113.4")))
                        .as("%s", fleetCalls(b)).isTrue();
                // Nothing applied before the kill is applied again from the stream: the ban that was lifted before
                // it is not added again, and only the two entries since the kill are taken.
                assertThat(count(b, "add", "203.0.113.9")).isEqualTo(1);
                JsonNode status = fleetStatus(b);
                assertThat(status.path("applied").asLong()).as("%s", status).isEqualTo(2);
                assertThat(status.path("lastApplied").asText()).isEqualTo(lastId());
                assertThat(status.path("remoteBans").asLong()).as("%s", status).isEqualTo(2);
                assertThat(b.warden("bans").stdoutLines()).hasSize(2).allMatch(l -> l.endsWith("\tfleet:a"))
                        .anyMatch(l -> l.startsWith("smtpd\t203.0.113.2\t"))
                        .anyMatch(l -> l.startsWith("smtpd\t203.0.113.3\t"));
                // The ban in force throughout was added at the first start and once again (one batch) at the
                // restart, as the bans of local jails are: after a reboot the table is empty.
                assertThat(count(b, "add", "203.0.113.3")).isEqualTo(2);
                assertThat(count(b, "add", "203.0.113.2")).isEqualTo(1);
            }
        }
    }

    @Test
    void bansMadeWhileRedisWasDownSurviveAKillOfTheirNodeAndArePublishedAfterItsRestart() throws Exception {
        try (DaemonProcess db = b.start()) {
            try (DaemonProcess da = a.start()) {
                redis.kill();
                assertThat(a.warden("ban", "smtpd", "203.0.113.5").exitCode()).isZero(); // saved with the state
                a.append("maillog", DaemonFixture.thisSecond(), "smtpd[1]: auth failed from 198.51.100.6",
                        "smtpd[1]: auth failed from 198.51.100.6"); // journaled only, then killed
                assertThat(DaemonProcess.await(Duration.ofSeconds(5),
                        () -> a.pfctlCalls().contains("-t bot -T add 198.51.100.6"))).isTrue();
                da.kill9();
            }
            assertThat(a.stateFile()).contains("\nfleet-waiting ban a smtpd 203.0.113.5 ");
            redis.start(); // empty: it persisted nothing
            try (DaemonProcess da = a.start()) {
                assertThat(DaemonProcess.await(Duration.ofSeconds(10),
                        () -> did(b, "add", "203.0.113.5")
                                && did(b, "add", "198.51.100.6")))
                        .as("B: %s", fleetCalls(b)).isTrue();
                assertThat(da.stderr()).contains("fleet: 1 entries waited in the state, 1 journaled ban(s) sent again");
                assertThat(List.of(da, db)).allMatch(DaemonProcess::isAlive);
                JsonNode status = fleetStatus(a);
                assertThat(status.path("waiting").asLong()).isZero();
                assertThat(status.path("published").asLong()).isEqualTo(2);
            }
        }
    }
}
