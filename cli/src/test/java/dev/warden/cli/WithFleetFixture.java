package dev.warden.cli;

import dev.warden.core.fleet.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * A process test of the fleet: one real redis-server ({@link RedisServer}, the test skipped where it is not
 * installed) in a fresh temporary directory per test, and the nodes the test makes with {@link #node}, each a
 * {@link DaemonFixture} in a folder of its own; all of them closed after the test. A subclass's own
 * {@code @BeforeEach} runs after Redis has started; one that needs another Redis (TLS) overrides
 * {@link #startRedis}. The configurations are built from {@link #fleet}, {@link #fleetAt} and
 * {@link #smtpdJail}, so each test writes only what its nodes have of their own.
 */
abstract class WithFleetFixture {

    @TempDir
    Path dir;
    RedisServer redis;
    private final List<DaemonFixture> nodes = new ArrayList<>();

    @BeforeEach
    void startFleetRedis() throws Exception {
        redis = startRedis(Files.createDirectories(dir.resolve("redis")));
    }

    /** Starts this test's Redis in {@code redisDir}: a plain one unless overridden. */
    RedisServer startRedis(Path redisDir) throws Exception {
        return RedisServer.start(redisDir);
    }

    @AfterEach
    void closeFleet() throws IOException {
        for (DaemonFixture f : nodes) {
            f.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /**
     * A node: a {@link DaemonFixture} in {@code dir/NAME} with {@code config} written ({@link DaemonFixture#config},
     * so {@code PFCTL} is its fake pfctl), closed after the test.
     */
    DaemonFixture node(String name, String config) throws IOException {
        DaemonFixture f = DaemonFixture.in(Files.createDirectories(dir.resolve(name)));
        nodes.add(f);
        f.config(config);
        return f;
    }

    /** This test's Redis as a {@code fleet.redis} URL: {@code redis://127.0.0.1:PORT}. */
    String redisUrl() {
        return "redis://127.0.0.1:" + redis.port();
    }

    /** {@link #fleetAt} on {@link #redisUrl()}, its actions on pf table {@code fleet}. */
    String fleet(String node, String... keys) {
        return fleetAt(redisUrl(), node, "fleet", keys);
    }

    /**
     * A {@code fleet} section: {@code redis: URL}, {@code node: NODE}, then {@code keys} (each {@code key: value},
     * such as {@code publish: [smtpd]}), then its actions, the fake pf on table {@code table}.
     */
    static String fleetAt(String url, String node, String table, String... keys) {
        StringBuilder s = new StringBuilder("fleet:\n  redis: " + url + "\n  node: " + node + "\n");
        for (String k : keys) {
            s.append("  ").append(k).append('\n');
        }
        return s.append("  actions: [{type: pf, table: ").append(table).append(", pfctl: PFCTL}]\n").toString();
    }

    /**
     * A {@code jails} section with one jail, {@code smtpd}: reads {@code maillog}, fails on {@code auth failed from
     * <ADDR>} (tag smtpd), has {@code keys} (each {@code key: value}, such as {@code max-retry: 2}) and bans on pf
     * table {@code bot}. More jails may follow it.
     */
    static String smtpdJail(String... keys) {
        StringBuilder s = new StringBuilder("""
                jails:
                  smtpd:
                    logs: [maillog]
                    filter: {type: regex, tag: smtpd, fail: ['auth failed from <ADDR>']}
                """);
        for (String k : keys) {
            s.append("    ").append(k).append('\n');
        }
        return s.append("    actions: [{type: pf, table: bot, pfctl: PFCTL}]\n").toString();
    }

    /** The pfctl calls of node {@code f} on the fleet's table ({@code -t fleet ...}), argv joined by spaces. */
    static List<String> fleetCalls(DaemonFixture f) {
        return f.pfctlCalls().stream().filter(l -> l.startsWith("-t fleet")).toList();
    }

    /** How many pfctl calls of {@code f} on {@code table} did {@code verb} (add, delete) to {@code address}, batched or not. */
    static long count(DaemonFixture f, String table, String verb, String address) {
        String prefix = "-t " + table + " -T " + verb + " ";
        return f.pfctlCalls().stream().filter(l -> l.startsWith(prefix))
                .filter(l -> List.of(l.substring(prefix.length()).split(" ")).contains(address)).count();
    }

    /** {@link #eventually(Duration, Callable)} for up to 10 s. */
    static boolean eventually(Callable<Boolean> ok) throws InterruptedException {
        return eventually(Duration.ofSeconds(10), ok);
    }

    /**
     * Polls {@code ok} until it holds or {@code timeout} passes ({@link DaemonProcess#await}); an exception (a
     * status that cannot be read yet) counts as not yet. Returns whether it held.
     */
    static boolean eventually(Duration timeout, Callable<Boolean> ok) throws InterruptedException {
        return DaemonProcess.await(timeout, () -> {
            try {
                return ok.call();
            } catch (Exception e) {
                return false;
            }
        });
    }
}
