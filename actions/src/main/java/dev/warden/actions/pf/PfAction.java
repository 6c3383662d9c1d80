package dev.warden.actions.pf;

import dev.warden.actions.CommandFailure;
import dev.warden.core.spi.Action;
import dev.warden.core.spi.ActionException;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.CommandResult;
import dev.warden.core.spi.CommandRunner;
import dev.warden.core.spi.IpAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies one jail's bans to one pf table: {@code pfctl -t TABLE -T add ADDR...} and
 * {@code pfctl -t TABLE -T delete ADDR...}, addresses in canonical text, in the order given, each once,
 * in as few invocations as {@link Settings#maxCommandBytes()} allows.
 *
 * <p><b>Failure:</b> a batch that cannot be started, exits non-zero or times out does not stop the
 * others; after the last one an {@link ActionException} names each failed command with its exit status
 * (or timeout) and pfctl's error output, and the addresses not applied. pfctl's "N/M addresses added."
 * on standard error with exit status 0 is success. An interrupt stops at once and counts every batch not
 * yet run as not applied. <b>Threading:</b> called from one thread at a time; holds no mutable state.
 */
final class PfAction implements Action {

    private static final Logger LOG = LoggerFactory.getLogger(PfAction.class);

    /** How many of the addresses not applied an error message lists before it just counts. */
    static final int LISTED_ADDRESSES = 50;

    /** How much of pfctl's error output one failure quotes. */

    /**
     * The checked options.
     *
     * @param pfctl the absolute path of pfctl
     * @param table the pf table name, already validated
     * @param timeout how long one invocation may take; positive
     * @param maxCommandBytes the argv byte budget of one invocation
     */
    record Settings(String pfctl, String table, Duration timeout, long maxCommandBytes) {
    }

    /** One batch that did not apply, and why. */
    private record Failure(List<String> addresses, String reason) {
    }

    private final Settings settings;
    private final String jail;
    private final CommandRunner runner;

    PfAction(Settings settings, String jail, CommandRunner runner) {
        this.settings = settings;
        this.jail = jail;
        this.runner = runner;
    }

    /** The command line before the addresses. */
    static List<String> prefix(String pfctl, String table, String verb) {
        return List.of(pfctl, "-t", table, "-T", verb);
    }

    /** Nothing to prepare: the table is declared in pf.conf, and pfctl needs no session. */
    @Override
    public void start() {
    }

    @Override
    public void ban(List<Ban> bans) throws ActionException {
        apply("add", bans);
    }

    @Override
    public void unban(List<Ban> bans) throws ActionException {
        apply("delete", bans);
    }

    private void apply(String verb, List<Ban> bans) throws ActionException {
        List<String> prefix = prefix(settings.pfctl(), settings.table(), verb);
        List<String> addresses = addresses(bans);
        List<List<String>> batches = ArgvBatcher.split(prefix, addresses, settings.maxCommandBytes());
        List<Failure> failures = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            try {
                String reason = run(prefix, batches.get(i));
                if (reason != null) {
                    failures.add(new Failure(batches.get(i), reason));
                }
            } catch (InterruptedIOException e) {
                Thread.currentThread().interrupt();
                List<String> rest = new ArrayList<>();
                batches.subList(i, batches.size()).forEach(rest::addAll);
                failures.add(new Failure(rest, "interrupted with " + (batches.size() - i)
                        + " of " + batches.size() + " invocations not finished"));
                break;
            }
        }
        if (!failures.isEmpty()) {
            throw new ActionException(message(verb, addresses.size(), failures));
        }
    }

    /** Each address once, in the order given, as canonical text. */
    private static List<String> addresses(List<Ban> bans) {
        Set<IpAddress> seen = new LinkedHashSet<>();
        for (Ban ban : bans) {
            seen.add(ban.address());
        }
        List<String> texts = new ArrayList<>(seen.size());
        seen.forEach(a -> texts.add(a.toString()));
        return texts;
    }

    /** Runs one invocation; returns why it failed, or null when it succeeded. */
    private String run(List<String> prefix, List<String> batch) throws InterruptedIOException {
        String command = String.join(" ", prefix) + " <" + batch.size() + " addresses>";
        List<String> argv = new ArrayList<>(prefix.size() + batch.size());
        argv.addAll(prefix);
        argv.addAll(batch);
        LOG.debug("[{}] running {}", jail, command);
        String reason;
        try {
            CommandResult result = runner.run(argv, settings.timeout());
            if (result.succeeded()) {
                LOG.debug("[{}] {}: {}", jail, command, result.stderr().trim());
                return null;
            }
            reason = CommandFailure.describe(command, result, settings.timeout());
        } catch (InterruptedIOException e) {
            LOG.warn("[{}] {} interrupted", jail, command);
            throw e;
        } catch (IOException e) {
            reason = command + " could not run: " + e.getMessage();
        }
        LOG.warn("[{}] {}", jail, reason);
        return reason;
    }

    private String message(String verb, int total, List<Failure> failures) {
        List<String> notApplied = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (Failure f : failures) {
            notApplied.addAll(f.addresses());
            reasons.add(f.reason());
        }
        StringBuilder sb = new StringBuilder()
                .append("pfctl -T ").append(verb).append(" on table <").append(settings.table())
                .append("> did not apply ").append(notApplied.size()).append(" of ").append(total)
                .append(" addresses: ").append(stripFinalPeriod(String.join("; ", reasons))).append(". Not applied: ");
        sb.append(String.join(", ", notApplied.subList(0, Math.min(LISTED_ADDRESSES, notApplied.size()))));
        if (notApplied.size() > LISTED_ADDRESSES) {
            sb.append(" and ").append(notApplied.size() - LISTED_ADDRESSES).append(" more");
        }
        return sb.toString();
    }

    private static String stripFinalPeriod(String s) {
        return s.endsWith(".") && !s.endsWith("...") ? s.substring(0, s.length() - 1) : s;
    }
}
