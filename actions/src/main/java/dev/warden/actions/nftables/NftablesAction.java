package dev.warden.actions.nftables;

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
import java.nio.charset.StandardCharsets;
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
 * stops at once. <b>Threading:</b> called from one thread at a time; holds no mutable state.
 */
final class NftablesAction implements Action {

    private static final Logger LOG = LoggerFactory.getLogger(NftablesAction.class);

    /** How many of the addresses not applied an error message lists before it just counts. */
    static final int LISTED_ADDRESSES = 50;


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
    private final CommandRunner runner;

    NftablesAction(Settings settings, String jail, Clock clock, CommandRunner runner) {
        this.settings = settings;
        this.jail = jail;
        this.clock = clock;
        this.runner = runner;
    }

    /** Creates the table, the sets and the chain when missing and (re)sets the chain's two drop rules. */
    @Override
    public void start() throws ActionException {
        String reason = run(settings.batches().start(), "start");
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
                String reason = run(settings.batches().flush(), "flush");
                if (reason != null) {
                    LOG.warn("[{}] nftables: could not flush the sets at stop: {}", jail, reason);
                }
            } catch (ActionException e) {
                LOG.warn("[{}] nftables: flush at stop interrupted", jail);
            }
        }
    }

    private void apply(String verb, List<NftBatches.Element> elements, boolean ban) throws ActionException {
        List<NftBatches.Batch> batches = settings.batches().elements(elements, ban, settings.maxBatchBytes());
        List<String> notApplied = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            NftBatches.Batch batch = batches.get(i);
            String reason;
            try {
                reason = run(batch.script(), verb + " " + batch.addresses().size() + " elements");
            } catch (ActionException e) {
                batches.subList(i, batches.size()).forEach(b -> notApplied.addAll(b.addresses()));
                reasons.add("interrupted with " + (batches.size() - i) + " of " + batches.size()
                        + " runs not finished");
                break;
            }
            if (reason != null) {
                notApplied.addAll(batch.addresses());
                reasons.add(reason);
            }
        }
        if (!reasons.isEmpty()) {
            throw new ActionException(message(verb, elements.size(), notApplied, reasons));
        }
    }

    /**
     * Runs one script; returns why it failed, or null when it succeeded.
     *
     * @throws ActionException only when interrupted (the interrupt flag is set again)
     */
    private String run(String script, String what) throws ActionException {
        List<String> argv = List.of(settings.nft(), "-f", "-");
        String command = settings.nft() + " -f - (" + what + ")";
        LOG.debug("[{}] running {}", jail, command);
        String reason;
        try {
            CommandResult result = runner.run(argv, script.getBytes(StandardCharsets.UTF_8), settings.timeout());
            if (result.succeeded()) {
                return null;
            }
            reason = CommandFailure.describe(command, result, settings.timeout());
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            LOG.warn("[{}] {} interrupted", jail, command);
            throw new ActionException(command + " interrupted");
        } catch (IOException e) {
            reason = command + " could not run: " + e.getMessage();
        }
        LOG.warn("[{}] {}", jail, reason);
        return reason;
    }

    private String message(String verb, int total, List<String> notApplied, List<String> reasons) {
        NftBatches b = settings.batches();
        StringBuilder sb = new StringBuilder()
                .append("nft ").append(verb).append(" element on sets ").append(b.set4()).append('/')
                .append(b.set6()).append(" of table inet ").append(b.table()).append(" did not apply ")
                .append(notApplied.size()).append(" of ").append(total).append(" addresses: ")
                .append(String.join("; ", reasons)).append(". Not applied: ")
                .append(String.join(", ", notApplied.subList(0, Math.min(LISTED_ADDRESSES, notApplied.size()))));
        if (notApplied.size() > LISTED_ADDRESSES) {
            sb.append(" and ").append(notApplied.size() - LISTED_ADDRESSES).append(" more");
        }
        return sb.toString();
    }
}
