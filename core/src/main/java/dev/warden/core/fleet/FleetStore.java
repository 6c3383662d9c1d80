package dev.warden.core.fleet;

import dev.warden.core.config.RedisAddress;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fleet's data in Redis over one connection: the stream of ban and unban entries ({@code STREAM}), and the
 * bans in force beside it, a hash {@code STREAM:in-force} of {@link FleetEntry#key()} to {@link FleetEntry#line()}
 * and sorted sets {@code STREAM:in-force:ends} and {@code STREAM:in-force:starts} of the same keys scored by end
 * and by start, so that a node that starts late catches up without reading the whole stream, ended bans are
 * removed, and the stream is trimmed by age ({@link #trim}). Not thread-safe: each thread that talks to Redis owns one.
 * Every method may throw {@link redis.clients.jedis.exceptions.JedisException} when Redis cannot be reached or
 * refuses; the caller reconnects ({@link #close()}, then a new store).
 */
public final class FleetStore implements AutoCloseable {

    /** The stream keeps about this many entries at most ({@code XADD MAXLEN ~}), whatever their age. */
    public static final long MAX_STREAM_LENGTH = 100_000;
    /** How long entries are kept before the start of the earliest ban in force (see {@link #trim}). */
    public static final java.time.Duration KEEP = java.time.Duration.ofDays(1);

    private final Jedis jedis;
    private final String stream;
    private final String inForce;
    private final String ends;
    private final String starts;

    private FleetStore(Jedis jedis, String stream) {
        this.jedis = jedis;
        this.stream = stream;
        this.inForce = stream + ":in-force";
        this.ends = stream + ":in-force:ends";
        this.starts = stream + ":in-force:starts";
    }

    /**
     * Connects to {@code redis} (and authenticates, selects the database, sets the client name {@code warden:NODE})
     * with {@code timeoutMillis} for the connection and each reply; a blocking read may wait {@code timeoutMillis}
     * more than its own block.
     */
    public static FleetStore connect(RedisAddress redis, String stream, String node, int timeoutMillis) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis).socketTimeoutMillis(timeoutMillis)
                .blockingSocketTimeoutMillis(timeoutMillis).database(redis.db()).ssl(redis.tls())
                .clientName("warden:" + node)
                // RESP2, no HELLO: else Jedis logs a warning at every connection (a flood while Redis is down),
                // and an ACL user would need +hello
                .autoNegotiateProtocol(false);
        if (redis.user() != null) {
            config.user(redis.user());
        }
        if (redis.password() != null) {
            config.password(redis.password());
        }
        Jedis jedis = new Jedis(new HostAndPort(redis.host(), redis.port()), config.build());
        try {
            jedis.ping();
        } catch (RuntimeException e) {
            jedis.close();
            throw e;
        }
        return new FleetStore(jedis, stream);
    }

    /** Appends {@code entry} to the stream and records it in (or removes its ban from) the bans in force, at once. */
    public String append(FleetEntry entry) {
        return append(List.of(entry)).get(0);
    }

    /**
     * Appends {@code entries} in order, each with its change to the bans in force, in one {@code MULTI}/{@code EXEC}
     * (one round trip, all or none); returns their ids.
     */
    public List<String> append(List<FleetEntry> entries) {
        Transaction t = jedis.multi();
        List<redis.clients.jedis.Response<StreamEntryID>> ids = new ArrayList<>(entries.size());
        for (FleetEntry entry : entries) {
            ids.add(t.xadd(stream, XAddParams.xAddParams().maxLen(MAX_STREAM_LENGTH).approximateTrimming(),
                    entry.fields()));
            if (entry.op() == FleetEntry.Op.BAN) {
                t.hset(inForce, entry.key(), entry.line());
                t.zadd(ends, entry.end().toEpochMilli(), entry.key());
                t.zadd(starts, entry.start().toEpochMilli(), entry.key());
            } else {
                t.hdel(inForce, entry.key());
                t.zrem(ends, entry.key());
                t.zrem(starts, entry.key());
            }
        }
        t.exec();
        return ids.stream().map(id -> id.get().toString()).toList();
    }

    /** What one read returned: the well-formed entries, the id of the last entry read, how many were malformed. */
    public record Batch(List<StreamItem> items, String lastId, int malformed) {
    }

    /**
     * The entries after {@code afterId} ({@code 0-0}: from the first), at most {@code count}, waiting up to
     * {@code blockMillis} for one when there is none; {@code lastId} is {@code afterId} when nothing came.
     */
    public Batch read(String afterId, int blockMillis, int count) {
        var reply = jedis.xread(XReadParams.xReadParams().block(blockMillis).count(count),
                Map.of(stream, new StreamEntryID(afterId)));
        List<StreamItem> items = new ArrayList<>();
        String last = afterId;
        int malformed = 0;
        for (var perStream : reply == null ? List.<Map.Entry<String, List<StreamEntry>>>of() : reply) {
            for (StreamEntry e : perStream.getValue()) {
                last = e.getID().toString();
                Optional<FleetEntry> entry = FleetEntry.of(e.getFields());
                if (entry.isPresent()) {
                    items.add(new StreamItem(last, entry.get()));
                } else {
                    malformed++;
                }
            }
        }
        return new Batch(items, last, malformed);
    }

    /** The id of the stream's last entry, {@code 0-0} when it is empty: where a node that catches up resumes. */
    public String lastId() {
        List<StreamEntry> last = jedis.xrevrange(stream, "+", "-", 1);
        return last.isEmpty() ? "0-0" : last.get(0).getID().toString();
    }

    /** The id of the stream's first entry, or empty: a saved id before it means entries were trimmed unread. */
    public Optional<String> firstId() {
        List<StreamEntry> first = jedis.xrange(stream, "-", "+", 1);
        return first.isEmpty() ? Optional.empty() : Optional.of(first.get(0).getID().toString());
    }

    /**
     * The bans in force at {@code now}, by start (then key), after removing those that ended (any node may: it is
     * idempotent; a node whose ACL refuses the removal reads them all the same).
     */
    public List<FleetEntry> inForce(Instant now) {
        try {
            removeEnded(now);
        } catch (redis.clients.jedis.exceptions.JedisDataException refused) {
            // A node whose ACL only reads (it applies, publishes nothing): the ended ones are left out below.
        }
        List<FleetEntry> bans = new ArrayList<>();
        for (String line : jedis.hgetAll(inForce).values()) {
            FleetEntry.ofLine(line).filter(e -> e.end().isAfter(now)).ifPresent(bans::add);
        }
        bans.sort(java.util.Comparator.comparing(FleetEntry::start).thenComparing(FleetEntry::key));
        return bans;
    }

    private void removeEnded(Instant now) {
        List<String> ended = jedis.zrangeByScore(ends, Double.NEGATIVE_INFINITY, now.toEpochMilli());
        if (!ended.isEmpty()) {
            Transaction t = jedis.multi();
            t.hdel(inForce, ended.toArray(String[]::new));
            t.zrem(ends, ended.toArray(String[]::new));
            t.zrem(starts, ended.toArray(String[]::new));
            t.exec();
        }
    }

    /**
     * Trims the stream by age ({@code XTRIM MINID}): the entries added more than {@link #KEEP} before the start of
     * the earliest ban in force (before {@code now} when none is) go. Such an entry cannot change anything on any
     * node: its ban started before every ban in force, so it is no longer in force itself (it ended, or was
     * unbanned, or was replaced by a later ban of the same key, whose own entry is kept). The one thing lost with
     * it is an unban of a ban that had not reached its end, for a node whose position is before it (down longer
     * than that): it catches up from the bans in force and keeps such a ban until its end. {@code KEEP} also
     * covers clocks that differ between the nodes (a ban's start) and Redis (an entry's id). Ended bans are
     * removed from the bans in force first.
     *
     * @return the id below which entries were trimmed ({@code MILLIS-0})
     */
    public String trim(Instant now) {
        removeEnded(now);
        if (jedis.zcard(starts) != jedis.hlen(inForce)) {
            // Bans in force written before the starts were kept: index them once, else the earliest is unknown.
            jedis.hgetAll(inForce).values().forEach(line -> FleetEntry.ofLine(line)
                    .ifPresent(e -> jedis.zadd(starts, e.start().toEpochMilli(), e.key())));
        }
        long earliest = now.toEpochMilli();
        List<redis.clients.jedis.resps.Tuple> first = jedis.zrangeWithScores(starts, 0, 0);
        if (!first.isEmpty()) {
            earliest = Math.min(earliest, (long) first.get(0).getScore());
        }
        String minId = Math.max(0, earliest - KEEP.toMillis()) + "-0";
        // Exact: the entries go at most once a minute, and "~" keeps whole nodes of 100 entries (a small stream never).
        jedis.xtrim(stream, redis.clients.jedis.params.XTrimParams.xTrimParams().minId(minId));
        return minId;
    }

    @Override
    public void close() {
        jedis.close();
    }
}
