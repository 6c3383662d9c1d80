package dev.warden.core.daemon;

import dev.warden.core.engine.ActionDispatcher;
import dev.warden.core.fleet.FleetEntry;
import dev.warden.core.fleet.FleetFollower;
import dev.warden.core.fleet.RemoteBans;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.IpAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Applies the other nodes' bans here: each {@link FleetFollower.Delivery} goes through {@link RemoteBans} (ignore
 * lists, cap, one firewall entry per address) to the {@code fleet} section's actions, and bans are lifted at
 * their end. An address is not deleted from the fleet's table while a local jail whose action has the same
 * settings (one pf table) still bans it: that jail's unban deletes it later. Owns the position (the id of the
 * last entry applied) and the counts {@code warden status} shows. On the loop thread only.
 */
final class FleetInbox {

    private static final Logger LOG = LoggerFactory.getLogger(FleetInbox.class);

    private final RemoteBans bans;
    private final ActionDispatcher actions;
    private final Predicate<IpAddress> localKeeps;
    private String position;
    private long applied;
    private long changes;

    /**
     * @param localKeeps whether a local jail sharing a table with the fleet's actions bans an address now
     * @param position the last entry applied before a restart, or null
     */
    FleetInbox(RemoteBans bans, ActionDispatcher actions, Predicate<IpAddress> localKeeps, String position) {
        this.bans = bans;
        this.actions = actions;
        this.localKeeps = localKeeps;
        this.position = position;
    }

    /** Takes back the bans held before a restart: those in force added again, the others lifted. */
    void restore(List<FleetEntry> held, Instant now) {
        RemoteBans.Change change = bans.restore(held, now);
        actions.ban(asBans(change.apply()));
        lift(change.lift(), "ended while stopped");
        if (!change.apply().isEmpty()) {
            LOG.info("fleet: {} remote ban(s) in force re-applied from state", change.apply().size());
        }
        changes++;
    }

    /** Applies {@code d}: bans added and lifted through the actions, the position moved on. */
    void accept(FleetFollower.Delivery d, Instant now) {
        long ignoredBefore = bans.ignored();
        RemoteBans.Change change = bans.accept(d, now);
        if (bans.ignored() > ignoredBefore) {
            LOG.info("fleet: {} remote ban(s) of ignored addresses not applied", bans.ignored() - ignoredBefore);
        }
        actions.ban(asBans(change.apply()));
        change.apply().forEach(e -> LOG.info("fleet: ban {} from {} ({}) until {}", e.address(), e.node(), e.jail(),
                e.end()));
        lift(change.lift(), "unbanned on its node");
        applied += d.entries().size();
        position = d.lastId();
        changes++;
    }

    /** Lifts the remote bans whose end {@code now} reached. */
    void liftEnded(Instant now) {
        List<FleetEntry> ended = bans.liftEnded(now);
        if (!ended.isEmpty()) {
            lift(ended, "ban-time over");
            changes++;
        }
    }

    /** Deletes the addresses of {@code entries} from the fleet's table, but not those a local jail still bans. */
    private void lift(List<FleetEntry> entries, String why) {
        if (entries.isEmpty()) {
            return;
        }
        List<FleetEntry> out = new java.util.ArrayList<>(entries.size());
        for (FleetEntry e : entries) {
            if (localKeeps.test(e.address())) {
                LOG.info("fleet: unban {} from {} ({}) left in the table: a local jail still bans it", e.address(),
                        e.node(), why);
            } else {
                out.add(e);
                LOG.info("fleet: unban {} from {} ({})", e.address(), e.node(), why);
            }
        }
        actions.unban(asBans(out));
    }

    /** Whether a remote ban holds {@code address} (it is in the fleet's table). */
    boolean holds(IpAddress address) {
        return bans.holds(address);
    }

    /** When the next remote ban ends, or null. */
    Instant nextEnd() {
        return bans.nextEnd();
    }

    /** The id of the last entry applied, or null. */
    String position() {
        return position;
    }

    /** The bans held, for {@code warden bans} and the state. */
    List<FleetEntry> held() {
        return bans.held();
    }

    /** How often what the state keeps of the inbox changed (the daemon saves when it moved). */
    long changes() {
        return changes;
    }

    /** The counts for {@code warden status} and the metrics. */
    record Counts(long applied, int held, long ignored, long overCap) {
    }

    Counts counts() {
        return new Counts(applied, bans.size(), bans.ignored(), bans.overCap());
    }

    /** As the actions take them: the remote node's jail, origin automatic (the SPI has no remote origin yet). */
    private static List<Ban> asBans(List<FleetEntry> entries) {
        return entries.stream().map(e -> new Ban(e.jail(), e.address(), e.start(), e.end(), e.failures(),
                Ban.Origin.AUTOMATIC)).toList();
    }
}
