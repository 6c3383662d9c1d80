package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.control.ControlClient;
import dev.warden.core.control.ControlRequest;
import dev.warden.core.control.ControlResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code warden run} started from the packaged jar in the background, as an operator (or rc.d) starts
 * it; stdout and stderr go to files in the work directory. Close it to make sure it is gone.
 */
final class DaemonProcess implements AutoCloseable {

    /** The JVM options of {@link #start(Path, Path, Path, String...)}: what {@link WardenProcess} uses. */
    static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx256m");

    /**
     * The JVM options the launcher ({@code ./warden}, shipped as the release's {@code bin/warden}, which
     * rc.d and systemd run) gives {@code warden run}, read from the script so they cannot drift: what a
     * measurement of the deployed daemon's memory needs (docs/operations.md, Memory). Unlike
     * {@link #DEFAULT_JVM_OPTIONS} they set an initial heap ({@code -Xms}): without it a JVM on a machine
     * with 16 GiB or more starts with its whole heap committed, and its resident memory then grows for a
     * long while as the pages are touched for the first time, whatever the daemon keeps.
     */
    static List<String> launcherJvmOptions() throws IOException {
        Path launcher = WardenProcess.root().resolve("warden");
        String script = Files.readString(launcher, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\\n\\s*run\\)\\s*opts=\"([^\"]*)\"").matcher(script);
        if (!m.find()) {
            throw new AssertionError("no run) opts=\"...\" in " + launcher);
        }
        return List.of(m.group(1).strip().split("\\s+"));
    }

    private final Process process;
    private final Path stderr;
    private final Path socket;

    private DaemonProcess(Process process, Path stderr, Path socket) {
        this.process = process;
        this.stderr = stderr;
        this.socket = socket;
    }

    /**
     * Starts {@code warden run -c CONFIG EXTRA...} in {@code workDir} and waits until its control socket
     * answers.
     *
     * @param socket the config's {@code socket}
     */
    static DaemonProcess start(Path workDir, Path config, Path socket, String... extra) throws IOException,
            InterruptedException {
        return start(workDir, config, socket, DEFAULT_JVM_OPTIONS, extra);
    }

    /**
     * As {@link #start(Path, Path, Path, String...)}, with {@code jvmOptions} instead of
     * {@link #DEFAULT_JVM_OPTIONS} (a smaller heap, say).
     */
    static DaemonProcess start(Path workDir, Path config, Path socket, List<String> jvmOptions, String... extra)
            throws IOException, InterruptedException {
        return start(workDir, config, socket, List.of(), Map.of(), jvmOptions, extra);
    }

    /**
     * As {@link #start(Path, Path, Path, List, String...)}, run through {@code prefix} (a program that
     * executes the rest of the command line, such as {@code setpriv ...}) with {@code environment} added
     * to the inherited environment.
     */
    static DaemonProcess start(Path workDir, Path config, Path socket, List<String> prefix,
                               Map<String, String> environment, List<String> jvmOptions, String... extra)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", WardenProcess.jar().toString(), "run", "-c", config.toString()));
        cmd.addAll(List.of(extra));
        Path err = Files.createTempFile(workDir, "daemon-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(workDir.resolve("daemon-out.txt").toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
        pb.environment().putAll(environment);
        Process p = pb.start();
        DaemonProcess d = new DaemonProcess(p, err, socket);
        d.awaitRunning();
        return d;
    }

    private void awaitRunning() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("warden run exited with " + process.exitValue() + ": " + stderr());
            }
            if (Files.exists(socket) && stderr().contains("warden running")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("warden run did not start within 30 s: " + stderr());
    }

    /** Everything the daemon logged so far. */
    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    long pid() {
        return process.pid();
    }

    /** The process's resident memory now, in KiB ({@code VmRSS} in {@code /proc/PID/status}; Linux only). */
    long rssKiB() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.substring("VmRSS:".length()).replace("kB", "").strip());
            }
        }
        throw new AssertionError("no VmRSS in /proc/" + process.pid() + "/status");
    }

    /** Sends a request on this daemon's control socket; fails the test unless the daemon answers ok. */
    JsonNode request(String command, String... keyValues) throws IOException {
        return request(socket, command, keyValues);
    }

    /** Sends a request on the control socket {@code socket}; fails the test unless the daemon answers ok. */
    static JsonNode request(Path socket, String command, String... keyValues) throws IOException {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            args.put(keyValues[i], keyValues[i + 1]);
        }
        ControlResponse r = ControlClient.call(socket, new ControlRequest(command, args), FollowFixture.PATIENCE);
        if (!r.ok()) {
            throw new AssertionError(command + " " + args + " refused: " + r.error());
        }
        return r.body();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends a signal ({@code TERM}, {@code HUP}, {@code KILL}, ...) with kill(1). */
    void signal(String name) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (k.waitFor() != 0) {
            throw new AssertionError("kill -" + name + " failed");
        }
    }

    /** SIGTERM, then waits for the exit; returns the exit code. */
    int stop() throws IOException, InterruptedException {
        signal("TERM");
        return awaitExit(Duration.ofSeconds(30));
    }

    /** {@code kill -9}, then waits until the process is gone. */
    void kill9() throws IOException, InterruptedException {
        signal("KILL");
        awaitExit(Duration.ofSeconds(30));
    }

    /** Waits for the exit; returns the exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("warden run did not exit within " + timeout);
        }
        return process.exitValue();
    }

    /** Polls {@code condition} every 20 ms until it holds or {@code timeout} passes; returns whether it held. */
    static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
