package dev.warden.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11's differential test: {@code scan --no-state}, {@code scan} from an empty state and the daemon
 * decide every ban through one engine, so on a corpus where escalation, weights, max-tracked, ignore-self
 * and two jails sharing a pf table each change the outcome, the three report the same bans (jail, address,
 * end); without those keys the bans are others.
 */
class OneEngineIT {

    private static final String E = "198.51.100.5";   // banned twice: escalation keeps the second ban in force
    private static final String M = "198.51.100.7";   // pushed out of max-tracked by two others
    private static final String W1 = "198.51.100.21"; // three probes: a score of 1.5 with weights
    private static final String W2 = "198.51.100.22"; // six probes: banned either way, later with weights
    private static final String S = "203.0.113.9";    // ended in app, in force in web: one pf table

    private static final String KEYED = """
            ignore-self: false
            jails:
              app:
                logs: [app.log]
                filter: {type: regex, tag: app, fail: ['^fail from <ADDR>$']}
                max-retry: 3
                find-time: 10m
                ban-time: 1h
                ban-time-increment: {factor: 3}
                max-tracked: 2
                actions: [{type: pf, table: %s, pfctl: PFCTL}]
              web:
                logs: [web.log]
                filter: {type: regex, tag: web, kind: probe, fail: ['^probe from <ADDR>$']}
                max-retry: 3
                find-time: 10m
                ban-time: 1h
                weights: {probe: 0.5}
                actions: [{type: pf, table: bot, pfctl: PFCTL}]
            """;

    /** KEYED without escalation, max-tracked, weights and with ignore-self left at its default. */
    private static final String PLAIN = KEYED.replace("ignore-self: false\n", "")
            .replace("    ban-time-increment: {factor: 3}\n", "").replace("    max-tracked: 2\n", "")
            .replace("    weights: {probe: 0.5}\n", "");

    private static void corpus(Path dir, Instant now) throws Exception {
        List<String> app = new ArrayList<>();
        fails(app, now.minus(Duration.ofHours(5)), "app", "fail", E, 3);
        fails(app, now.minus(Duration.ofHours(3)), "app", "fail", S, 3);
        fails(app, now.minus(Duration.ofHours(2)), "app", "fail", E, 3);
        fails(app, now.minus(Duration.ofMinutes(40)), "app", "fail", "127.0.0.1", 3);
        Instant m = now.minus(Duration.ofMinutes(30));
        fails(app, m, "app", "fail", M, 2);
        fails(app, m.plusSeconds(60), "app", "fail", "198.51.100.31", 1);
        fails(app, m.plusSeconds(61), "app", "fail", "198.51.100.32", 1);
        fails(app, m.plusSeconds(120), "app", "fail", M, 1);
        Files.write(dir.resolve("app.log"), app);
        List<String> web = new ArrayList<>();
        fails(web, now.minus(Duration.ofMinutes(20)), "web", "probe", W1, 3);
        fails(web, now.minus(Duration.ofMinutes(15)), "web", "probe", W2, 6);
        fails(web, now.minus(Duration.ofMinutes(10)), "web", "probe", S, 6);
        Files.write(dir.resolve("web.log"), web);
    }

    /** {@code n} lines one second apart from {@code at}. */
    private static void fails(List<String> out, Instant at, String tag, String word, String address, int n) {
        for (int i = 0; i < n; i++) {
            out.add(at.plusSeconds(i) + " mail " + tag + "[7]: " + word + " from " + address);
        }
    }

    private static String ban(String jail, String address, Instant end) {
        return jail + " " + address + " " + end;
    }

    /** The bans in force after each way of running, as "JAIL ADDRESS END", plus the stateless scan's stderr. */
    private record Ways(TreeSet<String> noState, TreeSet<String> fromEmptyState, TreeSet<String> daemon,
                        String noStateStderr) {
    }

    private static Ways runAllThree(Path dir, String body, Instant now) throws Exception {
        Files.createDirectories(dir);
        corpus(dir, now);
        try (DaemonFixture fx = DaemonFixture.in(dir)) {
            fx.config(body);
            WardenProcess.Result stateless = fx.warden("scan", "--no-state", "--dry-run", "--now", now.toString());
            assertThat(stateless.exitCode()).as(stateless.stderr()).isZero();
            WardenProcess.Result stateful = fx.warden("scan", "--dry-run", "--now", now.toString());
            assertThat(stateful.exitCode()).as(stateful.stderr()).isZero();
            TreeSet<String> daemon;
            try (DaemonProcess d = fx.start("--dry-run")) {
                String status = fx.awaitStatus("\"lines\":17", "\"lines\":15");
                assertThat(status).contains("\"lines\":17").contains("\"lines\":15");
                daemon = fx.bansInForce();
                assertThat(d.stop()).isZero();
            }
            assertThat(fx.pfctlCalls()).as("dry runs run no pfctl").isEmpty();
            assertThat(dir.resolve("state")).as("dry runs write no state").doesNotExist();
            return new Ways(DaemonFixture.scanned(stateless), DaemonFixture.scanned(stateful), daemon, stateless.stderr());
        }
    }

    @Test
    void scanWithoutStateScanFromAnEmptyStateAndTheDaemonDecideTheSameBans(@TempDir Path dir) throws Exception {
        Instant now = DaemonFixture.thisSecond();
        Ways keyed = runAllThree(dir.resolve("keyed"), KEYED.formatted("bot"), now);
        assertThat(keyed.noState()).containsExactlyInAnyOrder(
                ban("app", E, now.minus(Duration.ofHours(2)).plusSeconds(2).plus(Duration.ofHours(3))),
                ban("app", "127.0.0.1", now.minus(Duration.ofMinutes(40)).plusSeconds(2).plus(Duration.ofHours(1))),
                ban("web", W2, now.minus(Duration.ofMinutes(15)).plusSeconds(5).plus(Duration.ofHours(1))),
                ban("web", S, now.minus(Duration.ofMinutes(10)).plusSeconds(5).plus(Duration.ofHours(1))));
        assertThat(keyed.fromEmptyState()).isEqualTo(keyed.noState());
        assertThat(keyed.daemon()).isEqualTo(keyed.noState());
        assertThat(keyed.noStateStderr()).as("S is still banned by web, which shares table bot")
                .doesNotContain("[app] would unban " + S).doesNotContain("[app] would unban " + E);

        Ways plain = runAllThree(dir.resolve("plain"), PLAIN.formatted("bot"), now);
        assertThat(plain.noState()).containsExactlyInAnyOrder(
                ban("app", M, now.minus(Duration.ofMinutes(28)).plus(Duration.ofHours(1))),
                ban("web", W1, now.minus(Duration.ofMinutes(20)).plusSeconds(2).plus(Duration.ofHours(1))),
                ban("web", W2, now.minus(Duration.ofMinutes(15)).plusSeconds(2).plus(Duration.ofHours(1))),
                ban("web", S, now.minus(Duration.ofMinutes(10)).plusSeconds(2).plus(Duration.ofHours(1))));
        assertThat(plain.fromEmptyState()).isEqualTo(plain.noState());
        assertThat(plain.daemon()).isEqualTo(plain.noState());
        assertThat(plain.noState()).isNotEqualTo(keyed.noState());
        assertThat(plain.noStateStderr()).as("E's latest ban ended; S is still banned by web")
                .contains("[app] would unban " + E).doesNotContain("[app] would unban " + S);
    }

    @Test
    void aJailWithItsOwnTableLiftsItsEndedBanWhileAnotherTableHoldsTheAddress(@TempDir Path dir) throws Exception {
        Instant now = DaemonFixture.thisSecond();
        Files.createDirectories(dir);
        corpus(dir, now);
        try (DaemonFixture fx = DaemonFixture.in(dir)) {
            fx.config(KEYED.formatted("other"));
            WardenProcess.Result r = fx.warden("scan", "--no-state", "--dry-run", "--now", now.toString());
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.stderr()).contains("[app] would unban " + S);
        }
    }
}
