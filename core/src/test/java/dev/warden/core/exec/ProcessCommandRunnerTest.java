package dev.warden.core.exec;

import dev.warden.core.spi.CommandResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessCommandRunnerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    private String script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file.toString();
    }

    @Test
    void reportsTheExitStatus() throws IOException {
        CommandResult failed = runner.run(List.of(script("three", "exit 3")), TIMEOUT);
        CommandResult ok = runner.run(List.of(script("zero", "exit 0")), TIMEOUT);

        assertThat(failed).isEqualTo(new CommandResult(3, "", "", false));
        assertThat(failed.succeeded()).isFalse();
        assertThat(ok).isEqualTo(new CommandResult(0, "", "", false));
        assertThat(ok.succeeded()).isTrue();
    }

    @Test
    void capturesStandardOutputAndStandardErrorSeparately() throws IOException {
        String program = script("both", "echo to-out; echo to-err >&2; echo 'more out'; exit 1");

        CommandResult result = runner.run(List.of(program), TIMEOUT);

        assertThat(result).isEqualTo(new CommandResult(1, "to-out\nmore out\n", "to-err\n", false));
    }

    @Test
    void passesStandardInputThroughAndClosesIt() throws IOException {
        String program = script("cat", "exec cat");
        byte[] input = "first line\nsecond: ünïcode\n".getBytes(StandardCharsets.UTF_8);

        CommandResult result = runner.run(List.of(program), input, TIMEOUT);

        assertThat(result).isEqualTo(new CommandResult(0, "first line\nsecond: ünïcode\n", "", false));
    }

    @Test
    void largeInputAndOutputDoNotDeadlock() throws IOException {
        // 1 MiB on stderr before anything on stdout: a runner that read stdout first would hang here.
        String program = script("loud", "head -c 1048576 /dev/zero | tr '\\000' e >&2; exec cat");
        byte[] input = new byte[1 << 20];
        Arrays.fill(input, (byte) 'i');
        ProcessCommandRunner roomy = new ProcessCommandRunner(2 << 20);

        CommandResult result = roomy.run(List.of(program), input, TIMEOUT);

        assertThat(result.timedOut()).isFalse();
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).hasSize(1 << 20).matches("i+");
        assertThat(result.stderr()).hasSize(1 << 20).matches("e+");
    }

    @Test
    void capsCapturedOutputButStillDrainsTheRest() throws IOException {
        String program = script("chatty", "head -c 1048576 /dev/zero | tr '\\000' o; "
                + "head -c 1048576 /dev/zero | tr '\\000' e >&2; echo done >&2; exit 4");

        CommandResult result = runner.run(List.of(program), TIMEOUT);

        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.stdout()).isEqualTo("o".repeat(ProcessCommandRunner.DEFAULT_MAX_CAPTURED_BYTES));
        assertThat(result.stderr()).isEqualTo("e".repeat(ProcessCommandRunner.DEFAULT_MAX_CAPTURED_BYTES));
    }

    @Test
    void timeoutKillsTheProgramAndWhatItStarted() throws Exception {
        // Not "exec sleep": the sleep is a grandchild that keeps the output pipes open.
        Path pidFile = dir.resolve("sleep.pid");
        Path carriedOn = dir.resolve("carried-on");
        String program = script("hang", "echo started; sleep 30 & echo $! > " + pidFile + "; wait; "
                + "echo after >&2; touch " + carriedOn);
        // Long enough for the script to have forked its sleep even on a loaded machine: a child forked
        // in the instant between the runner's snapshot of descendants and the kill is out of reach.
        Duration timeout = Duration.ofMillis(2000);

        long t0 = System.nanoTime();
        CommandResult result = runner.run(List.of(program), timeout);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.stdout()).isEqualTo("started\n");
        assertThat(took).isGreaterThanOrEqualTo(timeout).isLessThan(timeout.plusMillis(3000));
        long sleepPid = Long.parseLong(Files.readString(pidFile).trim());
        assertThat(eventuallyGone(sleepPid)).as("sleep %d killed", sleepPid).isTrue();
        Thread.sleep(200);
        assertThat(carriedOn).as("the script went on after its child died").doesNotExist();
        assertThat(result.stderr()).isEmpty();
    }

    /**
     * A killed orphan whose new parent does not reap it (PID 1 in some sandboxes) stays a zombie:
     * dead, but still listed, and {@code isAlive()} may report it.
     */
    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean eventuallyGone(long pid) throws InterruptedException {
        for (int i = 0; i < 40; i++) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !zombie(pid)) {
                Thread.sleep(50);
            } else {
                return true;
            }
        }
        return false;
    }

    @Test
    void aMissingProgramIsAnIOExceptionNamingIt() {
        String missing = dir.resolve("no-such-program").toString();

        assertThatThrownBy(() -> runner.run(List.of(missing, "-x"), TIMEOUT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(missing);
    }

    @Test
    void aFileThatIsNotExecutableIsAnIOExceptionNamingIt() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain"), "#!/bin/sh\nexit 0\n");

        assertThatThrownBy(() -> runner.run(List.of(plain.toString()), TIMEOUT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(plain.toString());
    }

    @Test
    void argumentsArriveLiterallyWithoutAShell() throws IOException {
        String program = script("echo-args", "for a in \"$@\"; do printf '[%s]\\n' \"$a\"; done");
        Path marker = dir.resolve("pwned");
        List<String> args = List.of("two words", "a;touch " + marker, "$(touch " + marker + ")",
                "`touch " + marker + "`", "*", "$HOME", "", "x > y", "it's");

        CommandResult result = runner.run(concat(program, args), TIMEOUT);

        StringBuilder expected = new StringBuilder();
        args.forEach(a -> expected.append('[').append(a).append("]\n"));
        assertThat(result).isEqualTo(new CommandResult(0, expected.toString(), "", false));
        assertThat(marker).doesNotExist();
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    @Test
    void anInterruptedCallerGetsAnInterruptedIOExceptionAndKeepsItsFlag() throws IOException {
        String program = script("slow", "exec sleep 30");
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> runner.run(List.of(program), TIMEOUT))
                    .isInstanceOf(InterruptedIOException.class)
                    .hasMessageContaining(program);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void rejectsAnEmptyArgvAndANegativeTimeout() {
        assertThatThrownBy(() -> runner.run(List.of(), TIMEOUT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> runner.run(List.of("/bin/true"), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProcessCommandRunner(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
