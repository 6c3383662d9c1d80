package dev.warden.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a process test of the daemon needs around one {@code warden run}: a work directory with a fake
 * pfctl and the logs, a control socket under /tmp (Unix socket paths are limited to about 100 bytes),
 * a configuration with its own state directory, and the CLI aimed at that configuration. Close it to
 * remove the socket directory.
 */
final class DaemonFixture implements AutoCloseable {

    /** RFC 3164 time, as syslogd writes it; the daemon reads it in the system zone (the jails' default). */
    private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);

    final Path dir;
    final Path pfctl;
    final Path socket;
    final Path config;

    private DaemonFixture(Path dir, Path pfctl, Path socket) {
        this.dir = dir;
        this.pfctl = pfctl;
        this.socket = socket;
        this.config = dir.resolve("warden.yaml");
    }

    /** A fixture in {@code dir} (a test's temporary directory) with empty logs {@code maillog} and {@code authlog}. */
    static DaemonFixture in(Path dir) throws IOException {
        Path pfctl = WardenProcess.fakePfctl(dir);
        Files.createFile(dir.resolve("maillog"));
        Files.createFile(dir.resolve("authlog"));
        Path socket = Files.createTempDirectory(Path.of("/tmp"), "wctl").resolve("w.sock");
        return new DaemonFixture(dir, pfctl, socket);
    }

    /**
     * Writes the configuration: {@code state-dir: state}, this fixture's socket and {@code poll-interval:
     * 50ms}, then {@code body} (more top-level keys and the jails) with every {@code PFCTL} replaced by the
     * fake pfctl's path.
     */
    void config(String body) throws IOException {
        Files.writeString(config, "state-dir: state\nsocket: " + socket + "\npoll-interval: 50ms\n"
                + body.replace("PFCTL", pfctl.toString()));
    }

    /** The line of the configuration file that contains {@code text} (1-based), for expected messages. */
    int configLine(String text) throws IOException {
        List<String> lines = Files.readAllLines(config);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line with '" + text + "' in " + lines);
    }

    /** Starts {@code warden run -c CONFIG EXTRA...} and waits until it answers. */
    DaemonProcess start(String... extra) throws IOException, InterruptedException {
        return DaemonProcess.start(dir, config, socket, extra);
    }

    /**
     * Starts {@code warden run -c CONFIG EXTRA...} through {@code prefix} with {@code environment} added
     * (see {@link DaemonProcess#start(Path, Path, Path, List, java.util.Map, List, String...)}).
     */
    DaemonProcess startWith(List<String> prefix, java.util.Map<String, String> environment, String... extra)
            throws IOException, InterruptedException {
        return DaemonProcess.start(dir, config, socket, prefix, environment, DaemonProcess.DEFAULT_JVM_OPTIONS, extra);
    }

    /** As {@link #start(String...)}, the JVM started with {@code jvmOptions}. */
    DaemonProcess start(List<String> jvmOptions, String... extra) throws IOException, InterruptedException {
        return DaemonProcess.start(dir, config, socket, jvmOptions, extra);
    }

    /** Runs {@code warden COMMAND -c CONFIG ARGS...} to completion. */
    WardenProcess.Result warden(String command, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(command, "-c", config.toString()));
        all.addAll(List.of(args));
        return WardenProcess.run(dir, all.toArray(String[]::new));
    }

    /** The current second: log lines stamped with it make bans that start exactly there. */
    static Instant thisSecond() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * Waits for the next second to begin and returns it: a line stamped with it makes a ban that starts
     * now, so a ban of a few seconds is read and applied with all of its length still ahead.
     */
    static Instant nextSecond() throws InterruptedException {
        Instant next = thisSecond().plusSeconds(1);
        while (Instant.now().isBefore(next)) {
            Thread.sleep(Math.max(1, Duration.between(Instant.now(), next).toMillis()));
        }
        return next;
    }

    /**
     * Runs {@code warden status --json} until its output contains every one of {@code parts}, for up to
     * 30 s; returns the last output (the caller asserts on it).
     */
    String awaitStatus(String... parts) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String out;
        do {
            out = warden("status", "--json").stdout();
            if (List.of(parts).stream().allMatch(out::contains)) {
                break;
            }
        } while (System.nanoTime() < deadline);
        return out;
    }

    /** Appends one syslog line per message to {@code log} (created if missing), each stamped {@code at}, in one write. */
    void append(String log, Instant at, String... messages) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String m : messages) {
            text.append(syslogLine(at, m));
        }
        Files.writeString(dir.resolve(log), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** {@code message} as syslogd writes it from host {@code mail} at {@code at}, newline included. */
    static String syslogLine(Instant at, String message) {
        return SYSLOG.format(at.atZone(ZoneId.systemDefault())) + " mail " + message + "\n";
    }

    /**
     * Lines {@code jail} has read since the running daemon started, asked on the control socket (no CLI
     * process: cheap enough to poll).
     */
    long lines(String jail) throws IOException {
        return DaemonProcess.request(socket, "status", "jail", jail).path("jails").get(0).path("lines").asLong();
    }

    /** The running daemon's bans in force ({@code warden bans}), each as "JAIL ADDRESS END". */
    java.util.TreeSet<String> bansInForce() throws IOException, InterruptedException {
        WardenProcess.Result r = warden("bans");
        if (r.exitCode() != 0) {
            throw new AssertionError("warden bans: exit " + r.exitCode() + ": " + r.stderr());
        }
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        for (String l : r.stdoutLines()) {
            String[] f = l.split("\t");
            out.add(f[0] + " " + f[1] + " " + f[3]);
        }
        return out;
    }

    /** The bans in force a {@code warden scan} printed (JAIL, ADDRESS, FAILURES, END), each as "JAIL ADDRESS END". */
    static java.util.TreeSet<String> scanned(WardenProcess.Result r) {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        for (String l : r.stdoutLines()) {
            String[] f = l.split("\t");
            out.add(f[0] + " " + f[1] + " " + f[3]);
        }
        return out;
    }

    /** Every pfctl invocation so far, argv joined by spaces. */
    List<String> pfctlCalls() {
        try {
            return WardenProcess.pfctlCalls(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits up to 15 s until pfctl ran {@code n} times (or more); returns the calls then. */
    List<String> awaitPfctlCalls(int n) throws InterruptedException {
        DaemonProcess.await(Duration.ofSeconds(15), () -> pfctlCalls().size() >= n);
        return pfctlCalls();
    }

    /** The daemon's state file. */
    String stateFile() throws IOException {
        return Files.readString(dir.resolve("state/state"), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(socket);
        Files.deleteIfExists(socket.getParent());
    }
}
