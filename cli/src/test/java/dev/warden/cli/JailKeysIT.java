package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every jail key of docs/configuration.md takes effect in each of the three ways a jail runs
 * ({@code scan --no-state}, {@code scan} with state, {@code run}): one configuration holds, per key, a jail
 * with the key and a twin without it (or with another value) reading the same log; each way must report
 * the same bans in force, and for every key the two twins' bans must differ.
 */
class JailKeysIT {

    private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DOTTED = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss", Locale.ROOT);

    /** One key: its jail's overrides, its twin's, and the lines of their log. */
    private record Case(String key, Map<String, String> keyed, Map<String, String> base, List<String> log) {
    }

    private final List<Case> cases = new ArrayList<>();
    private Instant now;

    private static String iso(Instant t, String address) {
        return t + " host t[1]: fail from " + address;
    }

    /** {@code n} failures of {@code address}, one second apart from {@code at}. */
    private static List<String> fails(Instant at, String address, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(iso(at.plusSeconds(i), address));
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private void add(String key, Map<String, String> keyed, Map<String, String> base, List<String> log) {
        cases.add(new Case(key, keyed, base, log));
    }

    private Instant ago(Duration d) {
        return now.minus(d);
    }

    private void cases() {
        Duration h = Duration.ofHours(1);
        Duration m = Duration.ofMinutes(1);
        add("max-retry", Map.of("max-retry", "2"), Map.of(), fails(ago(m.multipliedBy(5)), "198.51.100.1", 2));
        List<String> spread = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            spread.add(iso(ago(m.multipliedBy(50 - 20L * i)), "198.51.100.2"));
        }
        add("find-time", Map.of("find-time", "1h"), Map.of(), spread);
        add("ban-time", Map.of("ban-time", "3h"), Map.of(), fails(ago(h.multipliedBy(2)), "198.51.100.3", 3));
        List<String> twice = concat(fails(ago(h.multipliedBy(5)), "198.51.100.4", 3),
                fails(ago(h.multipliedBy(2)), "198.51.100.4", 3));
        add("ban-time-increment.factor", Map.of("ban-time-increment", "{factor: 3}"), Map.of(), twice);
        add("ban-time-increment.max", Map.of("ban-time-increment", "{factor: 10, max: 3h}"),
                Map.of("ban-time-increment", "{factor: 10}"), twice);
        add("ban-time-increment.forget-after", Map.of("ban-time-increment", "{factor: 3, forget-after: 1h}"),
                Map.of("ban-time-increment", "{factor: 3}"), twice);
        // 198.51.100.5 was banned by the jail 'prior' five hours ago
        add("ban-time-increment.across-jails", Map.of("ban-time-increment", "{factor: 3, across-jails: true}"),
                Map.of("ban-time-increment", "{factor: 3}"), fails(ago(h.multipliedBy(2)), "198.51.100.5", 3));
        add("weights", Map.of("weights", "{regex: 0.5}"), Map.of(), fails(ago(m.multipliedBy(5)), "198.51.100.6", 3));
        List<String> crowd = concat(fails(ago(m.multipliedBy(30)), "198.51.100.7", 2),
                concat(fails(ago(m.multipliedBy(29)), "198.51.100.71", 1), fails(ago(m.multipliedBy(29)).plusSeconds(1),
                        "198.51.100.72", 1)));
        add("max-tracked", Map.of("max-tracked", "2"), Map.of(),
                concat(crowd, fails(ago(m.multipliedBy(28)), "198.51.100.7", 1)));
        add("ignore", Map.of("ignore", "[198.51.100.8]"), Map.of(), fails(ago(m.multipliedBy(5)), "198.51.100.8", 3));
        add("ignore-files", Map.of("ignore-files", "[ignored.txt]"), Map.of(),
                fails(ago(m.multipliedBy(5)), "198.51.100.9", 3));
        add("ignore-self", Map.of("ignore-self", "false"), Map.of(), fails(ago(m.multipliedBy(5)), "127.0.0.1", 3));
        add("enabled", Map.of("enabled", "false"), Map.of(), fails(ago(m.multipliedBy(5)), "198.51.100.10", 3));
        List<String> zoneless = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            zoneless.add(SYSLOG.format(ago(m.multipliedBy(30)).plusSeconds(i).atZone(ZoneOffset.UTC))
                    + " host t[1]: fail from 198.51.100.11");
        }
        add("timezone", Map.of("timezone", "Etc/GMT-3"), Map.of(), zoneless);
        // a log timed by a built-in format first: without the time-format its own lines are withheld
        List<String> dotted = new ArrayList<>(List.of(iso(ago(m.multipliedBy(6)), "198.51.100.16")));
        for (int i = 0; i < 3; i++) {
            dotted.add(DOTTED.format(ago(m.multipliedBy(5)).plusSeconds(i).atZone(ZoneOffset.UTC))
                    + " host t[1]: fail from 198.51.100.15");
        }
        add("time-format", Map.of("time-format", "\"%d.%m.%Y %H:%M:%S\""), Map.of(), dotted);
        add("logs", Map.of("logs", "[other.log]"), Map.of(), fails(ago(m.multipliedBy(5)), "198.51.100.12", 3));
        // the keyed jail reads, instead of its log (one line, no failure), what cat prints of source-extra.log
        add("source", Map.of("source", "{type: command, argv: [/bin/cat, DIR/source-extra.log]}"), Map.of(),
                List.of(ago(m.multipliedBy(5)) + " host t[1]: hello"));
        add("filter", Map.of("filter", "{type: regex, tag: t, fail: ['^fail from <ADDR>$', '^probe from <ADDR>$']}"),
                Map.of(), concat(fails(ago(m.multipliedBy(5)), "198.51.100.13", 2),
                        List.of(ago(m.multipliedBy(4)) + " host t[1]: probe from 198.51.100.13")));
        add("actions", Map.of("actions", "[{type: pf, table: other, pfctl: PFCTL}]"), Map.of(),
                fails(ago(m.multipliedBy(5)), "198.51.100.14", 3));
        add("ipv6-prefix", Map.of("ipv6-prefix", "64"), Map.of(), oneEach(ago(m.multipliedBy(5)),
                "2001:db8:7:7::1", "2001:db8:7:7::2", "2001:db8:7:7:ffff::3"));
        add("ipv4-prefix", Map.of("ipv4-prefix", "24"), Map.of(), oneEach(ago(m.multipliedBy(5)),
                "198.51.101.1", "198.51.101.2", "198.51.101.250"));
    }

    /** One failure of each address, one second apart from {@code at}. */
    private static List<String> oneEach(Instant at, String... addresses) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < addresses.length; i++) {
            out.add(iso(at.plusSeconds(i), addresses[i]));
        }
        return out;
    }

    private static String jail(String name, String log, Map<String, String> overrides) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("logs", "[" + log + "]");
        keys.put("filter", "{type: regex, tag: t, fail: ['^fail from <ADDR>$']}");
        keys.put("max-retry", "3");
        keys.put("find-time", "10m");
        keys.put("ban-time", "1h");
        keys.put("timezone", "UTC");
        keys.put("actions", "[{type: pf, table: t, pfctl: PFCTL}]");
        keys.putAll(overrides);
        if (overrides.containsKey("source")) {
            keys.remove("logs"); // a jail reads one or the other
        }
        StringBuilder sb = new StringBuilder("  ").append(name).append(":\n");
        keys.forEach((k, v) -> sb.append("    ").append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }

    private static String jailName(Case c, boolean keyed) {
        return c.key().replace('.', '-') + (keyed ? "-key" : "-base");
    }

    /** Writes logs and configuration into {@code dir}; returns the configuration's body. */
    private String setUp(Path dir) throws Exception {
        StringBuilder body = new StringBuilder("ignore-self: true\njails:\n");
        Files.write(dir.resolve("prior.log"), fails(ago(Duration.ofHours(5)), "198.51.100.5", 3));
        body.append(jail("prior", "prior.log", Map.of()));
        Files.writeString(dir.resolve("ignored.txt"), "198.51.100.9\n");
        for (Case c : cases) {
            String log = c.key().replace('.', '-') + ".log";
            Files.write(dir.resolve(log), c.log());
            if (c.key().equals("logs")) {
                Files.write(dir.resolve("other.log"), List.of());
            }
            if (c.key().equals("source")) {
                Files.write(dir.resolve("source-extra.log"), fails(ago(Duration.ofMinutes(5)), "198.51.100.15", 3));
            }
            Map<String, String> keyed = new LinkedHashMap<>();
            c.keyed().forEach((k, v) -> keyed.put(k, v.replace("DIR", dir.toString())));
            body.append(jail(jailName(c, true), log, keyed));
            body.append(jail(jailName(c, false), log, c.base()));
        }
        return body.toString();
    }

    /** "JAIL ADDRESS END" per ban in force, and the pf tables pfctl added to. */
    private record Outcome(TreeSet<String> bans, TreeSet<String> tables) {
        TreeSet<String> of(String jail) {
            TreeSet<String> out = new TreeSet<>();
            bans.stream().filter(b -> b.startsWith(jail + " ")).forEach(b -> out.add(b.substring(jail.length() + 1)));
            return out;
        }
    }

    private Outcome run(Path dir, String mode) throws Exception {
        Files.createDirectories(dir);
        String body = setUp(dir);
        try (DaemonFixture fx = DaemonFixture.in(dir)) {
            fx.config(body);
            TreeSet<String> bans;
            if (mode.equals("run")) {
                try (DaemonProcess d = fx.start()) {
                    awaitEveryLineRead(fx);
                    bans = fx.bansInForce();
                    assertThat(d.stop()).isZero();
                }
            } else {
                WardenProcess.Result r = mode.equals("scan --no-state")
                        ? fx.warden("scan", "--no-state", "--now", now.toString())
                        : fx.warden("scan", "--now", now.toString());
                assertThat(r.exitCode()).as(r.stderr()).isZero();
                bans = DaemonFixture.scanned(r);
            }
            TreeSet<String> tables = new TreeSet<>();
            for (String call : fx.pfctlCalls()) {
                if (call.contains("-T add")) {
                    tables.add(call.split(" ")[1]); // argv: -t TABLE -T add ...
                }
            }
            return new Outcome(bans, tables);
        }
    }

    private static void awaitEveryLineRead(DaemonFixture fx) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = json.readTree(fx.warden("status", "--json").stdout());
            boolean all = status.path("jails").size() > 0;
            for (JsonNode j : status.path("jails")) {
                all &= j.path("lines").asLong() > 0 || j.path("name").asText().startsWith("logs-key");
            }
            if (all) {
                Thread.sleep(300); // one more poll round: every file was read in the same round
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the daemon did not read every log within 30 s");
    }

    @Test
    void everyJailKeyTakesEffectInEachOfTheThreeWays(@TempDir Path dir) throws Exception {
        now = DaemonFixture.thisSecond();
        cases();
        Map<String, Outcome> ways = new TreeMap<>();
        for (String mode : List.of("scan --no-state", "scan", "run")) {
            ways.put(mode, run(dir.resolve(mode.replace(' ', '_')), mode));
        }
        Outcome reference = ways.get("scan --no-state");
        assertThat(reference.bans()).as("the keys under test ban someone").isNotEmpty();
        ways.forEach((mode, o) -> {
            assertThat(o.bans()).as("%s decides the same bans as scan --no-state", mode)
                    .isEqualTo(reference.bans());
            assertThat(o.tables()).as("%s: the actions key sends its bans to its own table", mode)
                    .containsExactlyInAnyOrder("t", "other");
            for (Case c : cases) {
                if (c.key().equals("actions")) {
                    continue; // same bans, another table: checked above
                }
                assertThat(o.of(jailName(c, true))).as("%s: %s takes effect", mode, c.key())
                        .isNotEqualTo(o.of(jailName(c, false)));
            }
        });
    }
}
