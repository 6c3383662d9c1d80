package dev.warden.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A {@code warden run} started from the packaged jar in the background, as an operator (or rc.d) starts
 * it; stdout and stderr go to files in the work directory. Close it to make sure it is gone.
 */
final class DaemonProcess implements AutoCloseable {

    /** The JVM options of {@link #start(Path, Path, Path, String...)}: what {@link WardenProcess} uses. */
    static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx256m");

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
