package dev.warden.cli;

import dev.warden.core.fleet.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: a local jail and the fleet sharing one pf table on B (the same action settings): an address banned both
 * locally and remotely stays in the table until both bans are over, whichever ends first.
 */
class FleetSharedTableIT {

    @TempDir
    Path dir;
    private RedisServer redis;
    private DaemonFixture a;
    private DaemonFixture b;

    @BeforeEach
    void setUp() throws Exception {
        redis = RedisServer.start(Files.createDirectories(dir.resolve("redis")));
        a = fixture("a", "fleet");
        b = fixture("b", "bot"); // the fleet's table is the jail's
    }

    private DaemonFixture fixture(String node, String fleetTable) throws Exception {
        DaemonFixture f = DaemonFixture.in(Files.createDirectories(dir.resolve(node)));
        f.config("""
                fleet:
                  redis: redis://127.0.0.1:%d
                  node: %s
                  publish: %s
                  actions: [{type: pf, table: %s, pfctl: PFCTL}]
                jails:
                  smtpd:
                    logs: [maillog]
                    filter: {type: regex, tag: smtpd, fail: ['auth failed from <ADDR>']}
                    ban-time: 2h
                    actions: [{type: pf, table: bot, pfctl: PFCTL}]
                """.formatted(redis.port(), node, node.equals("a") ? "[smtpd]" : "[]", fleetTable));
        return f;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (DaemonFixture f : new DaemonFixture[] {a, b}) {
            if (f != null) {
                f.close();
            }
        }
        redis.close();
    }

    private static boolean did(DaemonFixture f, String verb, String address) {
        return f.pfctlCalls().stream().filter(l -> l.startsWith("-t bot -T " + verb + " "))
                .anyMatch(l -> List.of(l.split(" ")).contains(address));
    }

    @Test
    void theLocalBanEndingFirstLeavesTheRemoteOneInTheTableUntilItIsLifted() throws Exception {
        try (DaemonProcess da = a.start(); DaemonProcess db = b.start()) {
            Thread.sleep(700);
            assertThat(b.warden("ban", "smtpd", "203.0.113.5", "--for", "2s").exitCode()).isZero();
            assertThat(a.warden("ban", "smtpd", "203.0.113.5").exitCode()).isZero();
            assertThat(DaemonProcess.await(Duration.ofSeconds(5), () -> {
                try {
                    return db.stderr().contains("fleet: ban 203.0.113.5 from a");
                } catch (java.io.IOException e) {
                    return false;
                }
            })).isTrue();
            // The local ban ends: the address stays, the fleet still holds it.
            assertThat(DaemonProcess.await(Duration.ofSeconds(6), () -> {
                try {
                    return db.stderr().contains("unban 203.0.113.5 (ban-time over) left in the table: a remote ban");
                } catch (java.io.IOException e) {
                    return false;
                }
            })).as(db.stderr()).isTrue();
            assertThat(did(b, "delete", "203.0.113.5")).as("%s", b.pfctlCalls()).isFalse();
            assertThat(b.warden("bans").stdoutLines()).singleElement().asString().endsWith("\tfleet:a");
            // The remote one is lifted: now it goes.
            assertThat(a.warden("unban", "203.0.113.5").exitCode()).isZero();
            assertThat(DaemonProcess.await(Duration.ofSeconds(5), () -> did(b, "delete", "203.0.113.5")))
                    .as("%s", b.pfctlCalls()).isTrue();
        }
    }

    @Test
    void theRemoteBanEndingFirstLeavesTheLocalOneInTheTableUntilItIsLifted() throws Exception {
        try (DaemonProcess da = a.start(); DaemonProcess db = b.start()) {
            Thread.sleep(700);
            assertThat(a.warden("ban", "smtpd", "198.51.100.7").exitCode()).isZero();
            assertThat(DaemonProcess.await(Duration.ofSeconds(5), () -> did(b, "add", "198.51.100.7"))).isTrue();
            assertThat(b.warden("ban", "smtpd", "198.51.100.7").exitCode()).isZero();
            assertThat(a.warden("unban", "198.51.100.7").exitCode()).isZero();
            assertThat(DaemonProcess.await(Duration.ofSeconds(5), () -> {
                try {
                    return db.stderr().contains("fleet: unban 198.51.100.7 from a (unbanned on its node) left in the"
                            + " table: a local jail still bans it");
                } catch (java.io.IOException e) {
                    return false;
                }
            })).as(db.stderr()).isTrue();
            assertThat(did(b, "delete", "198.51.100.7")).as("%s", b.pfctlCalls()).isFalse();
            assertThat(b.warden("unban", "198.51.100.7").exitCode()).isZero();
            assertThat(did(b, "delete", "198.51.100.7")).as("%s", b.pfctlCalls()).isTrue();
        }
    }
}
