package dev.warden.actions.pf;

import dev.warden.actions.command.BatchedCommands;
import dev.warden.actions.command.Command;
import dev.warden.actions.command.NotApplied;
import dev.warden.core.spi.Action;
import dev.warden.core.spi.ActionException;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.CommandRunner;
import dev.warden.core.spi.IpAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies one jail's bans to one pf table: {@code pfctl -t TABLE -T add ADDR...} and
 * {@code pfctl -t TABLE -T delete ADDR...}, addresses in canonical text (a network as CIDR,
 * {@code 2001:db8:1:2::/64}), in the order given, each once, in as few invocations as
 * {@link Settings#maxCommandBytes()} allows. With {@link Settings#killStates()}, each address whose add
 * succeeded then gets {@code pfctl -k ADDR} (one invocation each: {@code -k} takes one host or network), which
 * removes the states it already has: pf passes a packet that matches a state without asking the ruleset, so
 * without it a connection opened before the ban (an SMTP session looping over AUTH) goes on.
 *
 * <p><b>Failure:</b> a batch that cannot be started, exits non-zero or times out does not stop the
 * others; after the last one an {@link ActionException} names each failed command with its exit status
 * (or timeout) and pfctl's error output, and the addresses not applied. pfctl's "N/M addresses added."
 * on standard error with exit status 0 is success. An interrupt stops at once and counts every batch not
 * yet run as not applied. Running and reporting are {@link BatchedCommands}'. <b>Threading:</b> called
 * from one thread at a time; holds no mutable state.
 */
final class PfAction implements Action {

    private static final Logger LOG = LoggerFactory.getLogger(PfAction.class);

    /**
     * The checked options.
     *
     * @param pfctl the absolute path of pfctl
     * @param table the pf table name, already validated
     * @param timeout how long one invocation may take; positive
     * @param maxCommandBytes the argv byte budget of one invocation
     * @param killStates whether a ban also kills the address's states ({@code pfctl -k ADDR})
     */
    record Settings(String pfctl, String table, Duration timeout, long maxCommandBytes, boolean killStates) {
    }

    private final Settings settings;
    private final BatchedCommands commands;

    PfAction(Settings settings, String jail, CommandRunner runner) {
        this.settings = settings;
        this.commands = new BatchedCommands(jail, runner, settings.timeout(), LOG, "invocations");
    }

    /** The command line before the addresses. */
    static List<String> prefix(String pfctl, String table, String verb) {
        return List.of(pfctl, "-t", table, "-T", verb);
    }

    /** Nothing to prepare: the table is declared in pf.conf, and pfctl needs no session. */
    @Override
    public void start() {
    }

    /**
     * Adds the addresses; with kill-states, then kills the states of those added. Either failing is one
     * {@link ActionException} naming both (a retry adds again, which pfctl takes as a no-op, and kills again).
     */
    @Override
    public void ban(List<Ban> bans) throws ActionException {
        List<String> addresses = addresses(bans);
        NotApplied added = apply("add", addresses);
        List<String> problems = new ArrayList<>();
        if (!added.isEmpty()) {
            problems.add(message("add", added));
        }
        if (settings.killStates() && !Thread.currentThread().isInterrupted()) {
            List<String> inTable = new ArrayList<>(addresses);
            inTable.removeAll(added.addresses());
            NotApplied killed = commands.runAll(inTable.stream().map(this::kill).toList());
            if (!killed.isEmpty()) {
                problems.add(killed.message("pfctl -k (kill states)", NotApplied.FinalPeriod.DROP));
            }
        }
        if (!problems.isEmpty()) {
            throw new ActionException(String.join("; ", problems));
        }
    }

    @Override
    public void unban(List<Ban> bans) throws ActionException {
        NotApplied deleted = apply("delete", addresses(bans));
        if (!deleted.isEmpty()) {
            throw new ActionException(message("delete", deleted));
        }
    }

    private NotApplied apply(String verb, List<String> addresses) {
        List<String> prefix = prefix(settings.pfctl(), settings.table(), verb);
        List<Command> batches = new ArrayList<>();
        for (List<String> batch : ArgvBatcher.split(prefix, addresses, settings.maxCommandBytes())) {
            List<String> argv = new ArrayList<>(prefix.size() + batch.size());
            argv.addAll(prefix);
            argv.addAll(batch);
            batches.add(new Command(String.join(" ", prefix) + " <" + batch.size() + " addresses>", argv, "", batch));
        }
        return commands.runAll(batches);
    }

    private String message(String verb, NotApplied notApplied) {
        return notApplied.message("pfctl -T " + verb + " on table <" + settings.table() + ">",
                NotApplied.FinalPeriod.DROP);
    }

    /** {@code pfctl -k ADDRESS}: kills the states from that host or network. */
    private Command kill(String address) {
        List<String> argv = List.of(settings.pfctl(), "-k", address);
        return new Command(String.join(" ", argv), argv, "", List.of(address));
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
}
