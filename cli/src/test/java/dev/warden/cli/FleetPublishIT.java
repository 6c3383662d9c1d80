package dev.warden.cli;

import dev.warden.core.fleet.FleetEntry;
import dev.warden.core.fleet.FleetStore;
import dev.warden.core.fleet.StreamItem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code warden run} with a {@code fleet} section and a real redis-server (issue 15, first slice): the bans of
 * the published jails, from the logs and by hand, and the unbans by hand reach the stream; Redis killed with
 * SIGKILL and restarted loses none of the bans made meanwhile, and the daemon neither dies nor prints a stack.
 */
class FleetPublishIT extends WithFleetFixture {

    private DaemonFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = node("a", fleet("a", "publish: [smtpd]") + smtpdJail("max-retry: 2", "ban-time: 2h") + """
                  sshd:
                    logs: [authlog]
                    filter: {type: regex, tag: sshd, fail: ['Failed password for \\\\S+ from <ADDR> port']}
                    actions: [{type: pf, table: bot-ssh, pfctl: PFCTL}]
                """);
    }

    /** The stream's entries as "OP ADDRESS JAIL NODE", once there are {@code n} (or after 5 s). */
    private List<String> stream(int n) throws Exception {
        List<String> out = List.of();
        Instant until = Instant.now().plus(Duration.ofSeconds(5));
        do {
            try (FleetStore s = FleetStore.connect(redis.address(), "warden:bans", "test", 1000)) {
                out = s.read("0-0", 1, 1000).items().stream().map(StreamItem::entry)
                        .map(e -> e.op() + " " + e.address() + " " + e.jail() + " " + e.node()).toList();
            }
            if (out.size() >= n) {
                return out;
            }
            Thread.sleep(50);
        } while (Instant.now().isBefore(until));
        return out;
    }

    @Test
    void bansOfPublishedJailsAndUnbansByHandReachTheStreamAndWaitWhileRedisIsDown() throws Exception {
        try (DaemonProcess d = f.start()) {
            Instant t = DaemonFixture.thisSecond();
            f.append("maillog", t, "smtpd[1]: auth failed from 198.51.100.7", "smtpd[1]: auth failed from 198.51.100.7");
            f.awaitPfctlCalls(1);
            assertThat(f.warden("ban", "sshd", "203.0.113.9").exitCode()).isZero(); // sshd is not published
            assertThat(f.warden("ban", "smtpd", "203.0.113.5", "--for", "1h").exitCode()).isZero();
            assertThat(f.warden("unban", "203.0.113.5").exitCode()).isZero();
            assertThat(stream(3)).containsExactly("BAN 198.51.100.7 smtpd a", "BAN 203.0.113.5 smtpd a",
                    "UNBAN 203.0.113.5 smtpd a");
            try (FleetStore s = FleetStore.connect(redis.address(), "warden:bans", "test", 1000)) {
                FleetEntry fromLog = s.inForce(Instant.now()).get(0);
                assertThat(fromLog.failures()).isEqualTo(2);
                assertThat(fromLog.end()).isEqualTo(fromLog.start().plus(Duration.ofHours(2)));
                assertThat(s.inForce(Instant.now())).hasSize(1);
            }

            redis.kill();
            assertThat(f.warden("ban", "smtpd", "203.0.113.6").exitCode()).isZero(); // local banning goes on
            f.append("maillog", t, "smtpd[1]: auth failed from 198.51.100.8", "smtpd[1]: auth failed from 198.51.100.8");
            assertThat(f.awaitPfctlCalls(6)).contains("-t bot -T add 203.0.113.6", "-t bot -T add 198.51.100.8");
            Thread.sleep(300);
            redis.start(); // empty: it persisted nothing
            assertThat(stream(2)).containsExactly("BAN 203.0.113.6 smtpd a", "BAN 198.51.100.8 smtpd a");
            assertThat(d.isAlive()).isTrue();
            assertThat(d.stderr()).contains("fleet: cannot send to Redis").doesNotContain("\tat ");
        }
    }

    @Test
    void validateReportsABadFleetSectionWithItsLineAndExits2() throws Exception {
        String config = java.nio.file.Files.readString(f.config)
                .replace("node: a", "node: a b\n  publish: [smtp]").replace("  publish: [smtpd]\n", "");
        java.nio.file.Files.writeString(f.config, config);
        WardenProcess.Result r = WardenProcess.run(f.dir, "validate", "-c", f.config.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains(f.config + ":" + f.configLine("node: a b") + ": fleet.node: node name \"a b\"")
                .contains(f.config + ":" + f.configLine("publish: [smtp]") + ": fleet.publish[0]: no jail \"smtp\"")
                .contains("did you mean \"smtpd\"").doesNotContain("\tat ");
    }

    @Test
    void aDryRunPublishesNothing() throws Exception {
        try (DaemonProcess d = f.start("--dry-run")) {
            assertThat(f.warden("ban", "smtpd", "203.0.113.5").exitCode()).isZero();
            Thread.sleep(500);
            assertThat(stream(1)).isEmpty();
            assertThat(d.stderr()).contains("fleet: a dry run publishes nothing");
        }
    }
}
