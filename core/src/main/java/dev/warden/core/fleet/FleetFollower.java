package dev.warden.core.fleet;

import dev.warden.core.retry.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Reads the other nodes' entries from the stream on its own thread ({@code warden-fleet-follow}) with
 * {@code XREAD BLOCK}, and hands each batch to a sink, which applies it on the daemon's loop thread and returns
 * once it is applied (so at most one batch is in flight, and the loop is never flooded). Entries of this node
 * are left out (no echo), but their ids still move the position on.
 *
 * <p>It starts from the id the daemon last applied (kept in its state). When there is none, or the stream was
 * trimmed past it (entries were lost unread), it first catches up: the stream's last id is taken, then the bans
 * in force are read, and both go to the sink as one {@link Delivery} with {@code catchUp} set; entries after that
 * id are then read as usual (a ban seen twice is applied once: it has the same key and end). A catch-up adds
 * bans and lifts none: a Redis restarted without persistence looks like a trimmed stream (its first id is after
 * the node's position) and has lost its bans in force, which must not lift the node's. So an unban published
 * while the node was away and trimmed before it came back is not seen; that ban ends at its end.
 *
 * <p>Redis failures are logged as one line, the thread reconnects with {@link FleetPublisher#reconnectBackoff() a backoff} and carries on from its
 * position; it never dies of one. Thread-safe where it says so.
 */
public final class FleetFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetFollower.class);
    static final int BLOCK_MILLIS = 500;
    static final int BATCH = 1_000;

    /**
     * What the sink applies.
     *
     * @param entries other nodes' entries, in stream order (with {@code catchUp}: the bans in force, as bans)
     * @param lastId the position to save once they are applied
     * @param catchUp whether these are the bans in force read whole (to add, lifting nothing) rather than entries
     * @param malformed entries skipped as unreadable
     */
    public record Delivery(List<FleetEntry> entries, String lastId, boolean catchUp, int malformed) {
    }

    private final Supplier<FleetStore> connect;
    private final String node;
    private final Clock clock;
    private final Consumer<Delivery> sink;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile String position;
    private volatile long lagMillis;

    /**
     * @param from the last id applied, or empty to catch up first
     * @param sink applies a delivery on the loop thread and returns when it is applied; a sink that throws
     *     gets the same delivery again after a pause
     */
    public FleetFollower(Supplier<FleetStore> connect, String node, Clock clock, Optional<String> from,
                         Consumer<Delivery> sink) {
        this.connect = connect;
        this.node = Objects.requireNonNull(node, "node");
        this.clock = clock;
        this.sink = sink;
        this.position = from.orElse(null);
        this.thread = new Thread(this::run, "warden-fleet-follow");
        thread.setDaemon(true);
    }

    public FleetFollower start() {
        thread.start();
        return this;
    }

    /** Whether the last read reached Redis. Any thread. */
    public boolean connected() {
        return connected;
    }

    /** The id of the last entry handed over and applied, or null before the first. Any thread. */
    public String position() {
        return position;
    }

    /**
     * How far behind the stream this node was at its last read, in milliseconds: 0 when that read found nothing
     * new (or was a catch-up), else the time from the last entry's id (Redis's clock when it was added) to when
     * it was applied here. Any thread.
     */
    public long lagMillis() {
        return lagMillis;
    }

    /** The milliseconds part of a stream id: when Redis added the entry. */
    static long idMillis(String id) {
        return parts(id)[0];
    }

    private void run() {
        Backoff backoff = FleetPublisher.reconnectBackoff();
        FleetStore store = null;
        boolean failing = false;
        while (!closed) {
            try {
                if (store == null) {
                    store = connect.get();
                }
                Delivery d = needsCatchUp(store) ? catchUp(store) : next(store);
                connected = true;
                if (d != null) {
                    sink.accept(d);
                    position = d.lastId();
                    lagMillis = d.catchUp() ? 0 : Math.max(0, clock.millis() - idMillis(d.lastId()));
                } else {
                    lagMillis = 0; // a read found nothing new: caught up
                }
                backoff.reset();
                if (failing) {
                    LOG.info("fleet: following the stream again from {}", position);
                    failing = false;
                }
            } catch (RuntimeException e) {
                connected = false;
                store = FleetPublisher.closeQuietly(store);
                if (!closed) {
                    String message = "fleet: cannot read the stream ({}); trying again";
                    if (failing) {
                        LOG.debug(message, Failures.describe(e));
                    } else {
                        LOG.warn(message, Failures.describe(e));
                    }
                }
                failing = true;
                sleep(backoff.next().toMillis());
            }
        }
        FleetPublisher.closeQuietly(store);
    }

    private boolean needsCatchUp(FleetStore store) {
        if (position == null) {
            return true;
        }
        Optional<String> first = store.firstId();
        return first.isPresent() && compare(position, first.get()) < 0 && !position.equals("0-0");
    }

    private Delivery catchUp(FleetStore store) {
        String last = store.lastId();
        List<FleetEntry> bans = store.inForce(clock.instant()).stream().filter(e -> !e.node().equals(node)).toList();
        LOG.info("fleet: caught up with {} bans in force from other nodes", bans.size());
        return new Delivery(bans, last, true, 0);
    }

    private Delivery next(FleetStore store) {
        FleetStore.Batch batch = store.read(position, BLOCK_MILLIS, BATCH);
        if (batch.lastId().equals(position)) {
            return null;
        }
        List<FleetEntry> others = batch.items().stream().map(StreamItem::entry)
                .filter(e -> !e.node().equals(node)).toList();
        return new Delivery(others, batch.lastId(), false, batch.malformed());
    }

    /** Orders stream ids ({@code MILLIS-SEQ}). */
    static int compare(String a, String b) {
        long[] x = parts(a);
        long[] y = parts(b);
        return x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]);
    }

    private static long[] parts(String id) {
        int dash = id.indexOf('-');
        return dash < 0 ? new long[] {Long.parseLong(id), 0}
                : new long[] {Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1))};
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    /** Stops the thread, within about one block. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
