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
 * {@code pfctl -t TABLE -T delete ADDR...}, addresses in canonical text, in the order given, each once,
 * in as few invocations as {@link Settings#maxCommandBytes()} allows.
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
     */
    record Settings(String pfctl, String table, Duration timeout, long maxCommandBytes) {
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
        List<Command> batches = new ArrayList<>();
        for (List<String> batch : ArgvBatcher.split(prefix, addresses(bans), settings.maxCommandBytes())) {
            List<String> argv = new ArrayList<>(prefix.size() + batch.size());
            argv.addAll(prefix);
            argv.addAll(batch);
            batches.add(new Command(String.join(" ", prefix) + " <" + batch.size() + " addresses>", argv, "", batch));
        }
        NotApplied notApplied = commands.runAll(batches);
        if (!notApplied.isEmpty()) {
            throw new ActionException(notApplied.message("pfctl -T " + verb + " on table <" + settings.table() + ">",
                    NotApplied.FinalPeriod.DROP));
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
}
