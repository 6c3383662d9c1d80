package dev.warden.actions.nftables;

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

import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies one jail's bans to two nftables sets (IPv4, IPv6) with {@code flags timeout}, dropped by a rule
 * in the jail's own input chain. Every change is one {@code nft -f -} run with the script on standard
 * input (argv {@code [nft, -f, -]}, no shell); scripts are built by {@link NftBatches}.
 *
 * <p>A ban's element gets the ban's remaining time as its kernel timeout (end minus the injected clock's
 * now, rounded up to whole seconds, at least 1 s), so bans expire in the kernel even when Warden is not
 * running. <b>Failure:</b> a script that cannot start, exits non-zero or times out does not stop the
 * others (nft applies each script as one transaction, all or nothing); afterwards an
 * {@link ActionException} quotes nft's error output and names the addresses not applied. An interrupt
 * stops at once. Running and reporting are {@link BatchedCommands}'. <b>Threading:</b> called from one
 * thread at a time; holds no mutable state.
 */
final class NftablesAction implements Action {

    private static final Logger LOG = LoggerFactory.getLogger(NftablesAction.class);

    /**
     * The checked options.
     *
     * @param nft the absolute path of nft
     * @param batches the scripts' names
     * @param timeout how long one nft run may take; positive
     * @param maxBatchBytes the script byte budget of one run
     * @param flushOnStop whether {@link #stop()} empties the sets
     */
    record Settings(String nft, NftBatches batches, Duration timeout, long maxBatchBytes, boolean flushOnStop) {
    }

    private final Settings settings;
    private final String jail;
    private final Clock clock;
    private final BatchedCommands commands;

    NftablesAction(Settings settings, String jail, Clock clock, CommandRunner runner) {
        this.settings = settings;
        this.jail = jail;
        this.clock = clock;
        this.commands = new BatchedCommands(jail, runner, settings.timeout(), LOG, "runs");
    }

    /** Creates the table, the sets and the chain when missing and (re)sets the chain's two drop rules. */
    @Override
    public void start() throws ActionException {
        Command start = script("start", settings.batches().start(), List.of());
        String reason;
        try {
            reason = commands.run(start);
        } catch (InterruptedIOException e) {
            throw new ActionException(start.name() + " interrupted");
        }
        if (reason != null) {
            throw new ActionException("nftables: could not set up table inet " + settings.batches().table()
                    + ": " + reason);
        }
    }

    @Override
    public void ban(List<Ban> bans) throws ActionException {
        Instant now = clock.instant();
        Map<IpAddress, Long> seconds = new LinkedHashMap<>();
        for (Ban b : bans) {
            long s = NftBatches.remainingSeconds(Duration.between(now, b.end()));
            seconds.merge(b.address(), s, Math::max);
        }
        List<NftBatches.Element> elements = new ArrayList<>(seconds.size());
        seconds.forEach((a, s) -> elements.add(new NftBatches.Element(a.toString(), a.isIpv4(), s)));
        apply("add", elements, true);
    }

    @Override
    public void unban(List<Ban> bans) throws ActionException {
        Map<IpAddress, Long> seen = new LinkedHashMap<>();
        bans.forEach(b -> seen.put(b.address(), 0L));
        List<NftBatches.Element> elements = new ArrayList<>(seen.size());
        seen.keySet().forEach(a -> elements.add(new NftBatches.Element(a.toString(), a.isIpv4(), 0)));
        apply("delete", elements, false);
    }

    /** Keeps the bans (default) or, with {@code on-stop: flush}, empties this jail's sets. */
    @Override
    public void stop() {
        if (settings.flushOnStop()) {
            try {
                String reason = commands.run(script("flush", settings.batches().flush(), List.of()));
                if (reason != null) {
                    LOG.warn("[{}] nftables: could not flush the sets at stop: {}", jail, reason);
                }
            } catch (InterruptedIOException e) {
                LOG.warn("[{}] nftables: flush at stop interrupted", jail);
            }
        }
    }

    private void apply(String verb, List<NftBatches.Element> elements, boolean ban) throws ActionException {
        List<Command> scripts = new ArrayList<>();
        for (NftBatches.Batch batch : settings.batches().elements(elements, ban, settings.maxBatchBytes())) {
            scripts.add(script(verb + " " + batch.addresses().size() + " elements", batch.script(),
                    batch.addresses()));
        }
        NotApplied notApplied = commands.runAll(scripts);
        if (!notApplied.isEmpty()) {
            NftBatches b = settings.batches();
            throw new ActionException(notApplied.message("nft " + verb + " element on sets " + b.set4() + "/"
                    + b.set6() + " of table inet " + b.table(), NotApplied.FinalPeriod.KEEP));
        }
    }

    /** {@code nft -f -} with {@code script} on its standard input, named by {@code what} it does. */
    private Command script(String what, String script, List<String> addresses) {
        return new Command(settings.nft() + " -f - (" + what + ")", List.of(settings.nft(), "-f", "-"), script,
                addresses);
    }
}
