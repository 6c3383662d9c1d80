package dev.warden.actions.command;

import dev.warden.core.spi.CommandResult;
import dev.warden.core.spi.CommandRunner;
import org.slf4j.Logger;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one action's {@link Command}s through the injected {@link CommandRunner}, each with the action's
 * timeout, and says what did not apply: the mechanism the {@code pf} and {@code nftables} actions share.
 *
 * <p><b>Failure:</b> a command that cannot be started, exits non-zero or times out is a reason, logged
 * at warn, and does not stop the commands after it. <b>Interrupt:</b> when the runner is interrupted
 * (an {@link InterruptedIOException}), the thread's interrupt flag is set again, nothing more is run,
 * and the interrupted command and those after it count as not applied. <b>Threading:</b> holds no
 * mutable state of its own; as safe to share as its runner and logger.
 */
public final class BatchedCommands {

    private final String jail;
    private final CommandRunner runner;
    private final Duration timeout;
    private final Logger log;
    private final String commandsNoun;

    /**
     * @param jail the jail whose action this is, for log lines
     * @param timeout how long one command may take; positive
     * @param log the action's logger, so that log lines keep its name
     * @param commandsNoun what the action calls its commands in the plural ("invocations", "runs"), for
     *     the reason an interrupt gives
     */
    public BatchedCommands(String jail, CommandRunner runner, Duration timeout, Logger log, String commandsNoun) {
        this.jail = jail;
        this.runner = runner;
        this.timeout = timeout;
        this.log = log;
        this.commandsNoun = commandsNoun;
    }

    /**
     * Runs one command.
     *
     * @return why it failed ({@code NAME exited with status N: STDERR}, {@code NAME timed out after ...},
     *     {@code NAME could not run: ...}), or null when it succeeded
     * @throws InterruptedIOException when interrupted; the interrupt flag is set again
     */
    public String run(Command command) throws InterruptedIOException {
        log.debug("[{}] running {}", jail, command.name());
        String reason;
        try {
            byte[] stdin = command.stdin().getBytes(StandardCharsets.UTF_8);
            CommandResult result = runner.run(command.argv(), stdin, timeout);
            if (result.succeeded()) {
                log.debug("[{}] {}: {}", jail, command.name(), result.stderr().trim());
                return null;
            }
            reason = CommandFailure.describe(command.name(), result, timeout);
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            log.warn("[{}] {} interrupted", jail, command.name());
            throw e;
        } catch (IOException e) {
            reason = command.name() + " could not run: " + e.getMessage();
        }
        log.warn("[{}] {}", jail, reason);
        return reason;
    }

    /**
     * Runs {@code commands} in order, each whatever became of the ones before, until an interrupt.
     *
     * @return what did not apply, out of all the commands' addresses; empty when every command succeeded
     */
    public NotApplied runAll(List<Command> commands) {
        List<String> notApplied = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        int total = 0;
        for (Command c : commands) {
            total += c.addresses().size();
        }
        for (int i = 0; i < commands.size(); i++) {
            Command command = commands.get(i);
            try {
                String reason = run(command);
                if (reason != null) {
                    notApplied.addAll(command.addresses());
                    reasons.add(reason);
                }
            } catch (InterruptedIOException e) {
                commands.subList(i, commands.size()).forEach(c -> notApplied.addAll(c.addresses()));
                reasons.add("interrupted with " + (commands.size() - i) + " of " + commands.size() + " "
                        + commandsNoun + " not finished");
                break;
            }
        }
        return new NotApplied(notApplied, reasons, total);
    }
}
