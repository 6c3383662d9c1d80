package dev.warden.core.daemon;

import dev.warden.core.config.FleetSettings;
import dev.warden.core.fleet.FleetEntry;
import dev.warden.core.fleet.FleetPublisher;
import dev.warden.core.spi.Ban;

import java.util.Collection;

/**
 * The bans of the published jails ({@code fleet.publish}), queued to the {@link FleetPublisher} as stream entries
 * of this node. Only queues: never waits for Redis. On the engine's thread.
 */
final class FleetOutbox implements BanFeed {

    private final FleetSettings settings;
    private final FleetPublisher publisher;

    FleetOutbox(FleetSettings settings, FleetPublisher publisher) {
        this.settings = settings;
        this.publisher = publisher;
    }

    @Override
    public void banned(Collection<Ban> bans) {
        feed(FleetEntry.Op.BAN, bans);
    }

    @Override
    public void unbanned(Collection<Ban> bans) {
        feed(FleetEntry.Op.UNBAN, bans);
    }

    private void feed(FleetEntry.Op op, Collection<Ban> bans) {
        for (Ban b : bans) {
            if (settings.publishes(b.jail())) {
                publisher.publish(new FleetEntry(op, b.address(), b.jail(), settings.node(), b.start(), b.end(),
                        b.failures()));
            }
        }
    }
}
