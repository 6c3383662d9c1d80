package dev.warden.core.daemon;

import dev.warden.core.config.FleetSettings;
import dev.warden.core.engine.ActionDispatcher;
import dev.warden.core.fleet.FleetEntry;
import dev.warden.core.fleet.FleetFollower;
import dev.warden.core.fleet.FleetPublisher;
import dev.warden.core.fleet.FleetStore;
import dev.warden.core.fleet.RemoteBans;
import dev.warden.core.net.IgnoreList;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.state.FleetState;
import dev.warden.core.state.WardenState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The daemon's part in a fleet (docs/fleet.md): the publisher of this node's bans (not in a dry run), the
 * follower of the other nodes' and the inbox that applies them, started from what the state kept
 * ({@link FleetState}: the last entry applied, the remote bans held, the entries waiting for Redis). The
 * {@code fleet} section is read at start only. Methods other than {@link #status} run on the loop thread.
 */
final class DaemonFleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonFleet.class);

    /** How many of this node's bans wait for Redis at most; the oldest is dropped (and counted) beyond. */
    static final int QUEUE = 100_000;
    /** The connection and reply timeout of the fleet's Redis connections. */
    static final int TIMEOUT_MILLIS = 2_000;

    private final FleetSettings settings;
    private final Clock clock;
    private final FleetPublisher publisher;
    private final ActionDispatcher actions;
    private final FleetInbox inbox;
    private FleetFollower follower;

    private DaemonFleet(FleetSettings settings, Clock clock, FleetPublisher publisher, ActionDispatcher actions,
                        FleetInbox inbox) {
        this.settings = settings;
        this.clock = clock;
        this.publisher = publisher;
        this.actions = actions;
        this.inbox = inbox;
    }

    /**
     * Starts the fleet: the entries that waited in {@code state} (and the journaled bans of published jails, which
     * may not have been sent before the daemon stopped) are queued first; the remote bans held are added again
     * (those that ended lifted), and the stream is followed from the last entry applied, each delivery applied
     * through {@code onLoop} (which runs it on the loop thread and returns once it ran).
     *
     * @param publishes false for a dry run, which publishes nothing
     * @param actions the fleet's actions, built, not started; empty: this node applies nothing
     * @param localKeeps whether a local jail sharing the fleet's table bans an address now
     */
    static DaemonFleet start(FleetSettings settings, Clock clock, WardenState state, boolean publishes,
                             Optional<ActionDispatcher> actions, IgnoreList ignore, Predicate<IpAddress> localKeeps,
                             Consumer<Runnable> onLoop) {
        Supplier<FleetStore> connect = () -> FleetStore.connect(settings.redis(), settings.stream(), settings.node(),
                TIMEOUT_MILLIS);
        FleetState kept = state.fleet();
        FleetPublisher publisher = null;
        if (publishes) {
            publisher = new FleetPublisher(connect, clock, QUEUE);
            kept.waiting().forEach(publisher::publish);
            int journaled = 0;
            for (Ban b : state.journaled()) {
                if (settings.publishes(b.jail())) {
                    publisher.publish(new FleetEntry(FleetEntry.Op.BAN, b.address(), b.jail(), settings.node(),
                            b.start(), b.end(), b.failures()));
                    journaled++;
                }
            }
            if (!kept.waiting().isEmpty() || journaled > 0) {
                LOG.info("fleet: {} entries waited in the state, {} journaled ban(s) sent again", kept.waiting().size(),
                        journaled);
            }
            publisher.start();
        } else {
            LOG.info("fleet: a dry run publishes nothing (other nodes' bans go to the log action)");
        }
        FleetInbox inbox = null;
        if (actions.isPresent()) {
            actions.get().start();
            String position = kept.positionIn(settings.stream());
            // overlaps: a remote ban of a network (another node's ipv6-prefix) holding an ignored address is not applied
            inbox = new FleetInbox(new RemoteBans(ignore::overlaps, RemoteBans.DEFAULT_MAX), actions.get(), localKeeps,
                    position);
            inbox.restore(kept.held(), clock.instant());
        }
        DaemonFleet fleet = new DaemonFleet(settings, clock, publisher, actions.orElse(null), inbox);
        if (inbox != null) {
            FleetInbox in = inbox;
            String from = in.position();
            LOG.info("fleet: following {} from {}", settings.stream(), from == null ? "the bans in force (catching up)"
                    : "entry " + from + ", the last applied");
            fleet.follower = new FleetFollower(connect, settings.node(), clock, Optional.ofNullable(from),
                    d -> onLoop.accept(() -> in.accept(d, clock.instant()))).start();
        }
        LOG.info("fleet: node {} on stream {} at {}", settings.node(), settings.stream(), settings.redis());
        return fleet;
    }

    /** Queues this node's bans of published jails (see {@link FleetOutbox}); null in a dry run. */
    BanFeed outbox() {
        return publisher == null ? null : new FleetOutbox(settings, publisher);
    }

    /** What the state keeps now: position, remote bans held, entries waiting. */
    FleetState snapshot() {
        String position = inbox == null ? null : inbox.position();
        return new FleetState(position == null ? null : settings.stream(), position,
                inbox == null ? List.of() : inbox.held(), publisher == null ? List.of() : publisher.waiting());
    }

    /** A number that changes whenever what {@link #snapshot} returns may have (the daemon saves then). */
    long changes() {
        return (inbox == null ? 0 : inbox.changes()) + (publisher == null ? 0 : publisher.stats().sent());
    }

    /** Lifts the remote bans whose end {@code now} reached. */
    void liftEnded(Instant now) {
        if (inbox != null) {
            inbox.liftEnded(now);
        }
    }

    /** When the next remote ban ends, or null. */
    Instant nextEnd() {
        return inbox == null ? null : inbox.nextEnd();
    }

    /** Whether a remote ban holds {@code address} in the fleet's table. */
    boolean holds(IpAddress address) {
        return inbox != null && inbox.holds(address);
    }

    /** The fleet actions' settings, to tell which local jails share their table. */
    FleetSettings settings() {
        return settings;
    }

    /** The other nodes' bans applied here and not ended, by start then key. */
    List<FleetEntry> bans() {
        if (inbox == null) {
            return List.of();
        }
        Instant now = clock.instant();
        return inbox.held().stream().filter(e -> e.end().isAfter(now))
                .sorted(Comparator.comparing(FleetEntry::start).thenComparing(FleetEntry::key)).toList();
    }

    /**
     * What {@code warden status} and the metrics show.
     *
     * @param connected whether the last reads and sends reached Redis
     * @param error why the last send or read failed, or null
     * @param position the id of the last entry applied, or null
     * @param lagMillis how far behind the stream the last read was (see {@link FleetFollower#lagMillis})
     */
    record Status(String node, String stream, String redis, boolean connected, String error, String position,
                  long lagMillis, long published, int waiting, long dropped, long applied, int held, long ignored,
                  long overCap) {
    }

    /** On the loop thread (the inbox's counts are confined to it). */
    Status status() {
        FleetPublisher.Stats p = publisher == null ? new FleetPublisher.Stats(true, 0, 0, 0, null) : publisher.stats();
        FleetInbox.Counts in = inbox == null ? new FleetInbox.Counts(0, 0, 0, 0) : inbox.counts();
        boolean following = follower == null || follower.connected();
        String error = p.lastError() != null ? "sending: " + p.lastError()
                : follower != null && !following ? "reading: not connected" : null;
        return new Status(settings.node(), settings.stream(), settings.redis().toString(), following && p.lastError() == null,
                error, inbox == null ? null : inbox.position(), follower == null ? 0 : follower.lagMillis(), p.sent(),
                p.waiting(), p.dropped(), in.applied(), in.held(), in.ignored(), in.overCap());
    }

    /** Stops following and publishing; the fleet's actions are stopped (the entries not sent stay in the state). */
    @Override
    public void close() {
        if (follower != null) {
            follower.close();
        }
        if (actions != null) {
            actions.stop();
        }
        if (publisher != null) {
            publisher.close();
        }
    }
}
