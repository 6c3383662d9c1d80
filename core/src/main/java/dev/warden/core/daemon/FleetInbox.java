package dev.warden.core.daemon;

import dev.warden.core.engine.ActionDispatcher;
import dev.warden.core.fleet.FleetEntry;
import dev.warden.core.fleet.FleetFollower;
import dev.warden.core.fleet.RemoteBans;
import dev.warden.core.spi.Ban;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;

/**
 * Applies the other nodes' bans here: each {@link FleetFollower.Delivery} goes through {@link RemoteBans} (ignore
 * lists, cap, one firewall entry per address) to the {@code fleet} section's actions, and bans are lifted at
 * their end. On the loop thread only.
 */
final class FleetInbox {

    private static final Logger LOG = LoggerFactory.getLogger(FleetInbox.class);

    private final RemoteBans bans;
    private final ActionDispatcher actions;
    private String position;

    FleetInbox(RemoteBans bans, ActionDispatcher actions) {
        this.bans = bans;
        this.actions = actions;
    }

    /** Applies {@code d}: bans added and lifted through the actions, the position moved on. */
    void accept(FleetFollower.Delivery d, Instant now) {
        long ignoredBefore = bans.ignored();
        RemoteBans.Change change = bans.accept(d, now);
        if (bans.ignored() > ignoredBefore) {
            LOG.info("fleet: {} remote ban(s) of ignored addresses not applied", bans.ignored() - ignoredBefore);
        }
        actions.ban(asBans(change.apply()));
        actions.unban(asBans(change.lift()));
        change.apply().forEach(e -> LOG.info("fleet: ban {} from {} ({}) until {}", e.address(), e.node(), e.jail(),
                e.end()));
        change.lift().forEach(e -> LOG.info("fleet: unban {} from {}", e.address(), e.node()));
        position = d.lastId();
    }

    /** Lifts the remote bans whose end {@code now} reached. */
    void liftEnded(Instant now) {
        actions.unban(asBans(bans.liftEnded(now)));
    }

    /** When the next remote ban ends, or null. */
    Instant nextEnd() {
        return bans.nextEnd();
    }

    /** The id of the last entry applied, or null. */
    String position() {
        return position;
    }

    /** The bans held, for {@code warden bans}. */
    List<FleetEntry> held() {
        return bans.held();
    }

    /** As the actions take them: the remote node's jail, origin automatic (the SPI has no remote origin yet). */
    private static List<Ban> asBans(List<FleetEntry> entries) {
        return entries.stream().map(e -> new Ban(e.jail(), e.address(), e.start(), e.end(), e.failures(),
                Ban.Origin.AUTOMATIC)).toList();
    }
}
