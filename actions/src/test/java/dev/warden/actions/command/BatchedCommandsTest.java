package dev.warden.actions.command;

import dev.warden.core.spi.CommandResult;
import dev.warden.core.spi.CommandRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchedCommandsTest {

    private static final Duration TIMEOUT = Duration.ofMillis(1500);

    /** What the runner was given, one entry a call. */
    private record Call(List<String> argv, String stdin, Duration timeout) {
    }

    private final List<Call> calls = new ArrayList<>();

    @AfterEach
    void clearTheInterrupt() {
        Thread.interrupted();
    }

    private BatchedCommands commands(CommandRunner answer) {
        CommandRunner recording = (argv, stdin, timeout) -> {
            calls.add(new Call(argv, new String(stdin, StandardCharsets.UTF_8), timeout));
            return answer.run(argv, stdin, timeout);
        };
        return new BatchedCommands("ssh", recording, TIMEOUT, LoggerFactory.getLogger(BatchedCommandsTest.class),
                "runs");
    }

    private static Command command(String name, String... addresses) {
        return new Command(name, List.of("/bin/" + name, "-x"), "", List.of(addresses));
    }

    private static CommandResult ok() {
        return new CommandResult(0, "", "2/2 addresses added.\n", false);
    }

    @Test
    void everyCommandRunsWithItsArgvStdinAndTheTimeoutAndNothingIsLeftUndone() {
        Command script = new Command("nft", List.of("/usr/sbin/nft", "-f", "-"), "add élément\n", List.of("192.0.2.1"));

        NotApplied result = commands((argv, stdin, timeout) -> ok()).runAll(List.of(command("a", "192.0.2.9"), script));

        assertThat(result.isEmpty()).isTrue();
        assertThat(result.addresses()).isEmpty();
        assertThat(result.total()).isEqualTo(2);
        assertThat(calls).containsExactly(
                new Call(List.of("/bin/a", "-x"), "", TIMEOUT),
                new Call(List.of("/usr/sbin/nft", "-f", "-"), "add élément\n", TIMEOUT));
    }

    @Test
    void failingCommandsDoNotStopTheOthersAndEachGivesItsReason() {
        BatchedCommands commands = commands((argv, stdin, timeout) -> switch (argv.get(0)) {
            case "/bin/exits" -> new CommandResult(1, "", "  Table does not exist.\n", false);
            case "/bin/hangs" -> new CommandResult(-1, "", "", true);
            case "/bin/missing" -> throw new IOException("cannot start /bin/missing");
            default -> ok();
        });

        NotApplied result = commands.runAll(List.of(command("ok", "192.0.2.1"), command("exits", "192.0.2.2", "192.0.2.3"),
                command("hangs", "192.0.2.4"), command("missing", "192.0.2.5"), command("fine", "192.0.2.6")));

        assertThat(calls).hasSize(5);
        assertThat(result.isEmpty()).isFalse();
        assertThat(result.total()).isEqualTo(6);
        assertThat(result.addresses()).containsExactly("192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5");
        assertThat(result.reasons()).containsExactly(
                "exits exited with status 1: Table does not exist.",
                "hangs timed out after 1500ms and was killed: (no error output)",
                "missing could not run: cannot start /bin/missing");
    }

    @Test
    void anInterruptStopsAtOnceSetsTheFlagAgainAndCountsItsCommandAndTheRestAsNotApplied() {
        BatchedCommands commands = commands((argv, stdin, timeout) -> {
            if (calls.size() == 2) {
                throw new InterruptedIOException("interrupted while waiting"); // flag not set, as a runner may
            }
            return ok();
        });

        NotApplied result = commands.runAll(List.of(command("a", "192.0.2.1"), command("b", "192.0.2.2"),
                command("c", "192.0.2.3", "192.0.2.4")));

        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        assertThat(calls).hasSize(2);
        assertThat(result.addresses()).containsExactly("192.0.2.2", "192.0.2.3", "192.0.2.4");
        assertThat(result.reasons()).containsExactly("interrupted with 2 of 3 runs not finished");
        assertThat(result.total()).isEqualTo(4);
    }

    @Test
    void oneCommandAloneGivesNullOrItsReasonAndPassesAnInterruptOn() throws Exception {
        assertThat(commands((argv, stdin, timeout) -> ok()).run(command("a"))).isNull();
        assertThat(commands((argv, stdin, timeout) -> new CommandResult(3, "", "", false)).run(command("a")))
                .isEqualTo("a exited with status 3: (no error output)");

        BatchedCommands interrupted = commands((argv, stdin, timeout) -> {
            throw new InterruptedIOException("interrupted");
        });
        assertThatThrownBy(() -> interrupted.run(command("a"))).isInstanceOf(InterruptedIOException.class);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }
}
