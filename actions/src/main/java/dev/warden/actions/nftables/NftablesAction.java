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
 * Applies one jail's bans to four nftables sets, dropped by rules in the jail's own input chain: addresses in
 * two sets (IPv4, IPv6) with {@code flags timeout}, networks in two with {@code flags interval, timeout}. Every
 * change is one {@code nft -f -} run with the script on standard input (argv {@code [nft, -f, -]}, no shell);
 * scripts are built by {@link NftBatches}.
 *
 * <p>With {@link Settings#conntrack()} ({@code kill-connections}), each address or network whose script
 * succeeded then has its connection tracking entries deleted ({@link ConntrackDeletes}), batched, timed out
 * and reported like the scripts. The drop rules already stop the packets of a connection open before the ban
 * (they match every packet, not only new ones); deleting its entry also ends the kernel's tracking of it, which
 * otherwise outlives the ban (up to five days for an established TCP connection), and makes the next packet
 * of that connection meet the ruleset as untracked traffic.
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
     * @param conntrack the absolute path of conntrack when a ban deletes the address's connection tracking
     *     entries ({@code kill-connections}); null when it does not
     */
    record Settings(String nft, NftBatches batches, Duration timeout, long maxBatchBytes, boolean flushOnStop,
                    String conntrack) {
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

    /**
     * Adds the elements; with kill-connections, then deletes the connection tracking entries of those added.
     * Either failing is one {@link ActionException} naming both (a retry adds again and deletes again).
     */
    @Override
    public void ban(List<Ban> bans) throws ActionException {
        Instant now = clock.instant();
        Map<IpAddress, Long> seconds = new LinkedHashMap<>();
        for (Ban b : bans) {
            long s = NftBatches.remainingSeconds(Duration.between(now, b.end()));
            seconds.merge(b.address(), s, Math::max);
        }
        List<NftBatches.Element> elements = new ArrayList<>(seconds.size());
        seconds.forEach((a, s) -> elements.add(element(a, s)));
        NotApplied added = apply("add", elements, true);
        List<String> problems = new ArrayList<>();
        if (!added.isEmpty()) {
            problems.add(message("add", added));
        }
        if (settings.conntrack() != null && !Thread.currentThread().isInterrupted()) {
            List<String> inSets = new ArrayList<>();
            elements.forEach(e -> inSets.add(e.address()));
            inSets.removeAll(added.addresses());
            NotApplied killed = commands.runAll(ConntrackDeletes.commands(settings.conntrack(), inSets,
                    settings.maxBatchBytes()));
            if (!killed.isEmpty()) {
                problems.add(killed.message("conntrack -D (kill connections)", NotApplied.FinalPeriod.KEEP));
            }
        }
        if (!problems.isEmpty()) {
            throw new ActionException(String.join("; ", problems));
        }
    }

    @Override
    public void unban(List<Ban> bans) throws ActionException {
        Map<IpAddress, Long> seen = new LinkedHashMap<>();
        bans.forEach(b -> seen.put(b.address(), 0L));
        List<NftBatches.Element> elements = new ArrayList<>(seen.size());
        seen.keySet().forEach(a -> elements.add(element(a, 0)));
        NotApplied deleted = apply("delete", elements, false);
        if (!deleted.isEmpty()) {
            throw new ActionException(message("delete", deleted));
        }
    }

    private static NftBatches.Element element(IpAddress address, long seconds) {
        return new NftBatches.Element(address.toString(), address.isIpv4(), address.isNetwork(), seconds);
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

    private NotApplied apply(String verb, List<NftBatches.Element> elements, boolean ban) {
        List<Command> scripts = new ArrayList<>();
        for (NftBatches.Batch batch : settings.batches().elements(elements, ban, settings.maxBatchBytes())) {
            scripts.add(script(verb + " " + batch.addresses().size() + " elements", batch.script(),
                    batch.addresses()));
        }
        return commands.runAll(scripts);
    }

    private String message(String verb, NotApplied notApplied) {
        NftBatches b = settings.batches();
        return notApplied.message("nft " + verb + " element on sets " + String.join("/", b.sets())
                + " of table inet " + b.table(), NotApplied.FinalPeriod.KEEP);
    }

    /** {@code nft -f -} with {@code script} on its standard input, named by {@code what} it does. */
    private Command script(String what, String script, List<String> addresses) {
        return new Command(settings.nft() + " -f - (" + what + ")", List.of(settings.nft(), "-f", "-"), script,
                addresses);
    }
}
