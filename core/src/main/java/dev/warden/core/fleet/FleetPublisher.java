package dev.warden.core.fleet;

import dev.warden.core.retry.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Supplier;

/**
 * Sends this node's bans and unbans to the stream from its own thread ({@code warden-fleet-publish}), so that
 * the daemon's loop never waits for Redis. {@link #publish} only queues: the queue holds at most
 * {@code capacity} entries, and when it is full the oldest is dropped and counted. While Redis cannot be reached
 * the entries wait and the thread reconnects with a {@link #reconnectBackoff() backoff}; an entry leaves the queue only once Redis has
 * it; what waits goes in batches of up to {@link #BATCH} per transaction. After an append, at most once a minute, it also trims the stream by age ({@link FleetStore#trim}). A
 * failure is logged as one line (the first of a run of failures as a warning, the rest at debug), never
 * as a stack trace, and never ends the thread. Thread-safe.
 */
public final class FleetPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetPublisher.class);

    /** At most this many entries go in one transaction (one round trip): a burst of bans is sent in batches. */
    static final int BATCH = 500;

    /** How often the thread trims the stream by age ({@link FleetStore#trim}), after an append. */
    static final java.time.Duration TRIM_EVERY = java.time.Duration.ofMinutes(1);

    private final Supplier<FleetStore> connect;
    private final java.time.Clock clock;
    private java.time.Instant trimmedAt;
    private final int capacity;
    private final ArrayDeque<FleetEntry> queue = new ArrayDeque<>();
    private final Thread thread;
    private boolean closed;
    private boolean connected;
    private String lastError;
    private long sent;
    private long dropped;

    /**
     * @param connect opens a new connection (throws when Redis cannot be reached)
     * @param clock when entries are old enough to trim
     */
    public FleetPublisher(Supplier<FleetStore> connect, java.time.Clock clock, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.connect = connect;
        this.clock = clock;
        this.capacity = capacity;
        this.thread = new Thread(this::run, "warden-fleet-publish");
        thread.setDaemon(true);
    }

    /** Starts the thread; entries queued before are sent first. */
    public FleetPublisher start() {
        thread.start();
        return this;
    }

    /** Queues {@code entry}; never blocks. */
    public synchronized void publish(FleetEntry entry) {
        if (queue.size() == capacity) {
            queue.removeFirst();
            dropped++;
        }
        queue.addLast(entry);
        notifyAll();
    }

    /** The entries not yet sent, oldest first: what the state keeps over a restart. */
    public synchronized List<FleetEntry> waiting() {
        return List.copyOf(queue);
    }

    /**
     * Counts, whether the last try reached Redis and why the last one that failed did (null while none failed or
     * since one succeeded).
     */
    public record Stats(boolean connected, int waiting, long sent, long dropped, String lastError) {
    }

    public synchronized Stats stats() {
        return new Stats(connected, queue.size(), sent, dropped, lastError);
    }

    /**
     * The pauses of a fleet thread (this one and {@link FleetFollower}'s) before it tries Redis again: 100 ms
     * after the first failure, doubling up to 5 s, back to the start after a success.
     */
    static Backoff reconnectBackoff() {
        return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    private void run() {
        Backoff backoff = reconnectBackoff();
        FleetStore store = null;
        boolean failing = false;
        while (true) {
            List<FleetEntry> next = nextOrNull();
            if (next == null) {
                break;
            }
            try {
                if (store == null) {
                    store = connect.get();
                }
                store.append(next);
                sent(next);
                trimIfDue(store);
                backoff.reset();
                if (failing) {
                    LOG.info("fleet: Redis reached again, sending the {} bans that waited", stats().waiting());
                    failing = false;
                }
            } catch (RuntimeException e) {
                store = closeQuietly(store);
                failed(!failing, e);
                failing = true;
                if (!pause(backoff.next().toMillis())) {
                    break;
                }
            }
        }
        closeQuietly(store);
    }

    /** At most every {@link #TRIM_EVERY}, on this thread; a failure is one like an append's. */
    private void trimIfDue(FleetStore store) {
        java.time.Instant now = clock.instant();
        if (trimmedAt == null || !now.isBefore(trimmedAt.plus(TRIM_EVERY))) {
            trimmedAt = now;
            try {
                store.trim(now);
            } catch (redis.clients.jedis.exceptions.JedisDataException refused) {
                // Redis answered, but no: an ACL without the trimming commands. Publishing goes on; the stream is
                // still capped by length.
                LOG.warn("fleet: cannot trim the stream by age ({}); allow this node's user the commands of"
                        + " docs/fleet.md, Trust", Failures.describe(refused));
            }
        }
    }

    /** The oldest entries waiting, at most {@link #BATCH}, once there is one; null when closed. */
    private synchronized List<FleetEntry> nextOrNull() {
        while (queue.isEmpty() && !closed) {
            try {
                wait();
            } catch (InterruptedException e) {
                return null;
            }
        }
        if (closed) {
            return null;
        }
        List<FleetEntry> batch = new java.util.ArrayList<>(Math.min(BATCH, queue.size()));
        for (FleetEntry e : queue) {
            if (batch.size() == BATCH) {
                break;
            }
            batch.add(e);
        }
        return batch;
    }

    private synchronized void sent(List<FleetEntry> batch) {
        for (FleetEntry e : batch) {
            if (queue.peekFirst() == e) {
                queue.removeFirst(); // else dropped meanwhile as the oldest of a full queue
            }
        }
        sent += batch.size();
        connected = true;
        lastError = null;
    }

    private synchronized void failed(boolean first, RuntimeException e) {
        connected = false;
        lastError = Failures.describe(e);
        String message = "fleet: cannot send to Redis ({}); {} bans wait, trying again";
        if (first) {
            LOG.warn(message, Failures.describe(e), queue.size());
        } else {
            LOG.debug(message, Failures.describe(e), queue.size());
        }
    }

    /** Waits {@code millis} unless closed meanwhile; false when closed. */
    private synchronized boolean pause(long millis) {
        long until = System.nanoTime() + millis * 1_000_000;
        long left;
        while (!closed && (left = until - System.nanoTime()) > 0) {
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                return false;
            }
        }
        return !closed;
    }

    static FleetStore closeQuietly(FleetStore store) {
        if (store != null) {
            try {
                store.close();
            } catch (RuntimeException ignored) {
                // the connection is gone either way
            }
        }
        return null;
    }

    /** Stops the thread (an entry being sent is finished or abandoned); the entries not sent stay in {@link #waiting}. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
