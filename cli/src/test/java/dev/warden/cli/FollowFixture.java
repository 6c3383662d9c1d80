package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the daemon follow tests share: a work directory with a {@code warden run} configuration whose
 * jails use the {@code regex} filter on generated lines ({@code TIME host app[7]: auth failure from ADDR},
 * the time being RFC 3339 UTC with milliseconds), a fake pfctl that records when it ran, and the daemon's
 * answers on its control socket. The socket lives in a fresh directory under /tmp (Unix socket paths are
 * limited to about 100 bytes); {@link #close} removes it.
 */
final class FollowFixture implements AutoCloseable {

    /** How long a test waits for the daemon to catch up before it fails: generous, for a loaded machine. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Path socket;
    final Path config;

    /** One invocation of the fake pfctl: when it started (epoch millis), its table, verb and addresses. */
    record PfCall(long millis, String table, String verb, List<String> addresses) {
    }

    private FollowFixture(Path dir, Path socket) {
        this.dir = dir;
        this.socket = socket;
        this.config = dir.resolve("warden.yaml");
    }

    /** A fixture in {@code dir} with the timed fake pfctl installed. */
    static FollowFixture in(Path dir) throws IOException {
        FollowFixture f = new FollowFixture(dir, Files.createTempDirectory(Path.of("/tmp"), "wfollow")
                .resolve("w.sock"));
        f.writePfctl();
        return f;
    }

    /**
     * Writes the configuration: {@code state-dir} (relative to {@code dir}), the socket, {@code poll-interval}
     * and the jails, each made with {@link #jail}.
     */
    void writeConfig(String stateDir, String pollInterval, String... jails) throws IOException {
        Files.writeString(config, "state-dir: " + dir.resolve(stateDir) + "\nsocket: " + socket
                + "\npoll-interval: " + pollInterval + "\njails:\n" + String.join("", jails));
    }

    /** As {@link #writeConfig}, with {@code save-interval: saveInterval}. */
    void writeConfigSavingEvery(String saveInterval, String stateDir, String pollInterval, String... jails)
            throws IOException {
        writeConfig(stateDir, pollInterval + "\nsave-interval: " + saveInterval, jails);
    }

    /**
     * A jail following {@code log} with the regex filter, max-retry {@code maxRetry} within an hour, banning
     * for {@code banTime} through the fake pfctl into table {@code table}.
     */
    String jail(String name, Path log, int maxRetry, String banTime, String table, String... extraKeys) {
        StringBuilder s = new StringBuilder("""
                  %s:
                    logs: ['%s']
                    filter: {type: regex, tag: app, fail: ['auth failure from <ADDR>']}
                    max-retry: %d
                    find-time: 1h
                    ban-time: %s
                    actions: [{type: pf, table: %s, pfctl: '%s'}]
                """.formatted(name, log, maxRetry, banTime, table, dir.resolve("pfctl")));
        for (String k : extraKeys) {
            s.append("    ").append(k).append('\n');
        }
        return s.toString();
    }

    /** Starts {@code warden run} on this fixture's configuration. */
    DaemonProcess start(String... extra) throws IOException, InterruptedException {
        return DaemonProcess.start(dir, config, socket, extra);
    }

    /** One failure line at {@code time} (millisecond precision) for {@code address}, newline included. */
    static String failure(Instant time, String address) {
        return Instant.ofEpochMilli(time.toEpochMilli()) + " host app[7]: auth failure from " + address + "\n";
    }

    /** The i-th of a run of distinct addresses (i < 2^24): 10.a.b.c. */
    static String address(int i) {
        return "10." + (i >>> 16 & 255) + "." + (i >>> 8 & 255) + "." + (i & 255);
    }

    /** Sends a request on the control socket; fails the test unless the daemon answers ok. */
    JsonNode request(String command, String... keyValues) throws IOException {
        return DaemonProcess.request(socket, command, keyValues);
    }

    /** The daemon's status of {@code jail}, over the socket. */
    JsonNode status(String jail) throws IOException {
        return request("status", "jail", jail).path("jails").get(0);
    }

    /** Lines {@code jail} has read since the daemon started, over the socket; for polling. */
    long lines(String jail) {
        try {
            return status(jail).path("lines").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until {@code jail} has read at least {@code n} lines (the caller then checks the exact count);
     * fails with how many it read and the daemon's log.
     */
    void awaitLines(DaemonProcess d, String jail, long n) throws IOException, InterruptedException {
        if (!DaemonProcess.await(PATIENCE, () -> lines(jail) >= n)) {
            throw new AssertionError(jail + " read " + lines(jail) + " lines, not " + n + ", in " + PATIENCE
                    + "; the daemon logged:\n" + d.stderr());
        }
    }

    /**
     * Waits until {@code jail} follows {@code files} files: its first round is over (a line written before
     * may be read at once by that round, one written after waits for the next poll).
     */
    void awaitFollowed(DaemonProcess d, String jail, int files) throws IOException, InterruptedException {
        if (!DaemonProcess.await(PATIENCE, () -> followed(jail) == files)) {
            throw new AssertionError(jail + " follows " + followed(jail) + " files, not " + files + ", after "
                    + PATIENCE + "; the daemon logged:\n" + d.stderr());
        }
    }

    private int followed(String jail) {
        try {
            return status(jail).path("files").size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code warden ARGS... -c CONFIG} (a status or bans command with --json) and parses its output. */
    JsonNode cliJson(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("-c", config.toString()));
        WardenProcess.Result r = WardenProcess.run(dir, all.toArray(String[]::new));
        if (r.exitCode() != 0) {
            throw new AssertionError("warden " + all + " exited with " + r.exitCode() + ": " + r.stderr());
        }
        return JSON.readTree(r.stdout());
    }

    /** The ends of the bans in force in {@code jail}, by address, from a {@code bans} answer. */
    static Map<String, Instant> ends(JsonNode bans, String jail) {
        Map<String, Instant> out = new HashMap<>();
        for (JsonNode b : bans.path("bans")) {
            if (b.path("jail").asText().equals(jail)) {
                Instant previous = out.put(b.path("address").asText(), Instant.parse(b.path("end").asText()));
                if (previous != null) {
                    throw new AssertionError("two bans of " + b.path("address") + " in " + jail + ": " + bans);
                }
            }
        }
        return out;
    }

    /** Every invocation of the fake pfctl so far, in order. */
    List<PfCall> pfCalls() {
        Path log = dir.resolve("pfctl.calls");
        if (!Files.exists(log)) {
            return List.of();
        }
        List<PfCall> calls = new ArrayList<>();
        try {
            for (String l : WardenProcess.completeLines(log)) {
                String[] f = l.strip().split(" ");
                if (f.length < 5 || !f[1].equals("-t") || !f[3].equals("-T")) {
                    throw new AssertionError("unexpected pfctl call: " + l);
                }
                calls.add(new PfCall(Long.parseLong(f[0]), f[2], f[4], List.of(f).subList(5, f.length)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return calls;
    }

    /** The calls of {@code verb} on {@code table}, in order. */
    List<PfCall> pfCalls(String table, String verb) {
        return pfCalls().stream().filter(c -> c.table().equals(table) && c.verb().equals(verb)).toList();
    }

    /**
     * A fake pfctl recording, one line per run, its start time in epoch milliseconds (GNU date's %3N, as on
     * the Linux CI machines) and its argv; it always succeeds.
     */
    private void writePfctl() throws IOException {
        Path script = dir.resolve("pfctl");
        // The line is built first and written by one printf (one write), so a reader never sees half of it.
        Files.writeString(script, "#!/bin/sh\nline=$(date +%s%3N)\n"
                + "for a in \"$@\"; do line=\"$line $a\"; done\n"
                + "printf '%s\\n' \"$line\" >> '" + dir.resolve("pfctl.calls") + "'\n");
        if (!script.toFile().setExecutable(true)) {
            throw new IOException("cannot make " + script + " executable");
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(socket);
        Files.deleteIfExists(socket.getParent());
    }
}
