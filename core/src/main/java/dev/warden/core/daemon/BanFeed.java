package dev.warden.core.daemon;

import dev.warden.core.spi.Ban;

import java.util.Collection;

/**
 * Told of this node's bans as they happen, after the journal has them: every ban decided from the logs and
 * still in force, every ban by hand, every unban by hand. The fleet publishes through it ({@link FleetOutbox}).
 * Bans re-applied from the state at a start, and bans lifted because they ended, are not fed: every node lifts
 * a remote ban at its end by itself. Called on the engine's thread; must not block or throw.
 */
interface BanFeed {

    /** Feeds nothing. */
    BanFeed NONE = new BanFeed() {
        @Override
        public void banned(Collection<Ban> bans) {
        }

        @Override
        public void unbanned(Collection<Ban> bans) {
        }
    };

    void banned(Collection<Ban> bans);

    /** {@code bans} were lifted by hand before their end. */
    void unbanned(Collection<Ban> bans);
}
