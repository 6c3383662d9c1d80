package dev.warden.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code warden.jar} as a separate process, the way an operator runs it. */
final class WardenProcess {

    /** What a run printed and returned. */
    record Result(int exitCode, String stdout, String stderr) {
        List<String> stdoutLines() {
            return stdout.isEmpty() ? List.of() : List.of(stdout.split("\n"));
        }

        List<String> stderrLines() {
            return stderr.isEmpty() ? List.of() : List.of(stderr.split("\n"));
        }
    }

    static Path jar() {
        return Path.of(System.getProperty("warden.jar", "target/warden.jar")).toAbsolutePath();
    }

    static Path root() {
        return Path.of(System.getProperty("warden.root", "..")).toAbsolutePath().normalize();
    }

    static Result run(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx256m", "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        return exec(workDir, null, cmd);
    }

    /** Runs {@code cmd} in {@code workDir}; {@code env}, unless null, is its whole environment. */
    static Result exec(Path workDir, Map<String, String> env, List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("warden-out", ".txt");
        Path err = Files.createTempFile("warden-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            if (env != null) {
                pb.environment().clear();
                pb.environment().putAll(env);
            }
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(cmd.get(0) + " did not finish in 120 s: " + cmd);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Writes an executable fake {@code pfctl} in {@code dir} that appends each invocation's argv to
     * {@code pfctl.argv}, then, on demand: while a file {@code hang} exists, hangs (its pid and its child's
     * go to {@code hang.pids}); while {@code fail} exists, fails as pfctl does without a table; while
     * {@code failures} holds a number above 0, fails and counts it down. Otherwise it succeeds.
     */
    static Path fakePfctl(Path dir) throws IOException {
        Path script = dir.resolve("pfctl");
        Path log = dir.resolve("pfctl.argv");
        Path failures = dir.resolve("failures");
        Files.writeString(script, "#!/bin/sh\n"
                + "line=; for a in \"$@\"; do line=\"$line$a \"; done; printf '%s\\n' \"$line\" >> '" + log + "'\n"
                + "if [ -e '" + dir.resolve("hang") + "' ]; then sleep 600 & echo \"$$ $!\" >> '"
                + dir.resolve("hang.pids") + "'; wait; fi\n"
                + "if [ -e '" + dir.resolve("fail") + "' ]; then echo 'pfctl: Table does not exist.' >&2; exit 1; fi\n"
                + "n=$(cat '" + failures + "' 2>/dev/null || echo 0)\n"
                + "if [ \"$n\" -gt 0 ]; then echo $((n - 1)) > '" + failures + "';"
                + " echo 'pfctl: Operation not permitted.' >&2; exit 1; fi\n"
                + "echo \"$(($# - 4))/$(($# - 4)) addresses added.\" >&2\n");
        script.toFile().setExecutable(true);
        return script;
    }

    /** The invocations a fake pfctl recorded, one argv per element (space separated). */
    static List<String> pfctlCalls(Path dir) throws IOException {
        Path log = dir.resolve("pfctl.argv");
        if (!Files.exists(log)) {
            return List.of();
        }
        List<String> calls = new ArrayList<>();
        for (String l : completeLines(log)) {
            calls.add(l.strip());
        }
        return calls;
    }

    /**
     * The lines of {@code file} that end in a newline: a fake pfctl may be writing the last one while a
     * test polls the file.
     */
    static List<String> completeLines(Path file) throws IOException {
        String text = Files.readString(file);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n", -1));
    }
}
