package dev.warden.core.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Files followed through rotation and resumed from saved positions ({@code scan} with state, {@code run}):
 * each {@link #read} hands out the complete lines appended since the previous one, for every glob of the
 * jail ({@link GlobFollower}). Rotations, truncations and lost resume positions are logged under the
 * jail's name. The year reference of dates moves on with {@code now}. Which lines are withheld as
 * continuation lines is decided per followed path ({@link LineTrust}): a file that replaces a rotated one
 * keeps what its predecessor showed.
 */
public final class FollowSource implements LogSource {

    private static final Logger LOG = LoggerFactory.getLogger(FollowSource.class);
    /** Year inference moves on with the clock at least this often. */
    private static final Duration REFERENCE_STEP = Duration.ofMinutes(1);

    private final String jail;
    private final List<GlobFollower> followers = new ArrayList<>();
    private final MutableLogLine line = new MutableLogLine();
    private final Map<Path, LineTrust> trust = new HashMap<>();
    private SyslogHeaderParser parser;
    private final boolean bulk;
    private LineReader bulkReader;
    private Path lastSource;
    private LineTrust lastTrust;
    /** How many paths {@link #trust} may hold before those no longer followed are forgotten. */
    private int trustLimit = 64;
    /** Lines handed out or withheld as continuation lines (not the overlong ones). */
    private long lines;
    private final LineCounts counts = new LineCounts();
    private long bulkOverlong;

    /**
     * @param jail the jail's name, for the log
     * @param logs the jail's log paths (the last element may be a glob)
     * @param positions where each file got to (from state); a file without one starts at {@code start} if
     *     present at the first read, from its beginning if it appears later
     * @param bulk read a backlog of at least {@link FileFollower#BULK_MIN} bytes on every core (a scan);
     *     false for the daemon, whose heap is small and long-lived: the pipelined reader's blocks (about
     *     20 MiB) would raise its peak, and a daemon catches up only at its first start
     */
    public FollowSource(String jail, List<String> logs, List<FilePosition> positions, FileFollower.Start start,
                        FileFollower.Settings settings, ZoneId zone, Instant now, boolean bulk) {
        this(jail, logs, positions, start, settings, zone, null, now, bulk);
    }

    /**
     * As above, reading times in the jail's {@code time-format} {@code pattern} only (null: the built-in shapes).
     */
    public FollowSource(String jail, List<String> logs, List<FilePosition> positions, FileFollower.Start start,
                        FileFollower.Settings settings, ZoneId zone, TimePattern pattern, Instant now,
                        boolean bulk) {
        this.jail = jail;
        this.bulk = bulk && WholeFileSource.pipelined();
        this.parser = new SyslogHeaderParser(now, zone, pattern);
        FileFollower.Settings logged = settings.withEvents(e -> {
            settings.events().accept(e);
            logEvent(e);
        });
        for (String log : logs) {
            followers.add(new GlobFollower(Path.of(log), start, positions, logged));
        }
    }

    @Override
    public void read(Instant now, LineConsumer consumer) throws IOException {
        if (Duration.between(parser.reference(), now).compareTo(REFERENCE_STEP) >= 0) {
            parser = parser.withReference(now);
        }
        ReadFailures failed = new ReadFailures();
        for (GlobFollower f : followers) {
            try {
                f.poll((source, buf, start, end, offset) -> line(source, buf, start, end, consumer),
                        bulk ? (in, source, offset) -> bulk(in, source, offset, consumer) : null);
            } catch (IOException e) {
                failed.add(e);
            }
        }
        forgetGone();
        failed.throwIfAny();
    }

    /** Forgets the paths no longer followed, once there are many (a glob of dated names meets new ones). */
    private void forgetGone() {
        if (trust.size() > trustLimit) {
            trust.keySet().retainAll(files());
            trustLimit = Math.max(64, 2 * trust.size());
            lastSource = null;
        }
    }

    /**
     * A large backlog (a first read, a scan catching up): read, split and parsed on every core as a
     * stateless scan does ({@link LogFeeder}, pipelined), the lines handed to {@code consumer} in order.
     */
    private void bulk(java.io.InputStream in, Path source, long offset, LineConsumer consumer) throws IOException {
        if (bulkReader == null) {
            bulkReader = new LineReader();
        }
        LogFeeder feeder = new LogFeeder(parser, bulkReader, true);
        try {
            feeder.feed(in, source.toString(), offset, trustOf(source), consumer);
        } finally {
            lines += feeder.lines() - feeder.overlongLines();
            counts.add(feeder.counts());
            bulkOverlong += feeder.overlongLines();
            lastSource = null;
        }
    }

    private void line(Path source, byte[] buf, int start, int end, LineConsumer consumer) {
        if (source != lastSource) {
            lastSource = source;
            lastTrust = trustOf(source);
            line.sourceName(source.toString());
        }
        lines++;
        line.lineNumber(lines);
        parser.parse(buf, start, end, line);
        if (counts.count(line.hasTime(), lastTrust, buf, start, end) == LineCounts.Fate.ADMITTED) {
            consumer.accept(line);
        }
    }

    /** What the file at {@code path} (and the files it replaced there) has shown. */
    private LineTrust trustOf(Path path) {
        return trust.computeIfAbsent(path, p -> new LineTrust(parser.timedFromStart()));
    }

    /** Tells the operator about rotations, truncations and lost resume positions (opening is routine). */
    private void logEvent(FollowEvent e) {
        switch (e.kind()) {
            case ROTATED -> LOG.info("[{}] {} rotated: old file read to its end ({} bytes)", jail, e.path(),
                    e.offset());
            case TRUNCATED -> LOG.info("[{}] {} truncated: read again from its start", jail, e.path());
            case RESUMED_ROTATED -> LOG.info("[{}] {} was rotated while stopped: reading {} from offset {} first",
                    jail, e.path(), e.rotatedPath().map(Path::toString).orElse("?"), e.offset());
            case RESUME_LOST -> LOG.warn("[{}] {} is not the file last read (replaced, or rotated and"
                    + " compressed): its unread tail is lost; reading the new file from its start", jail, e.path());
            case MISSING -> LOG.info("[{}] {} is missing; waiting for it", jail, e.path());
            default -> LOG.debug("[{}] {} {} at offset {}", jail, e.path(), e.kind(), e.offset());
        }
    }

    @Override
    public List<FilePosition> positions() {
        List<FilePosition> out = new ArrayList<>();
        for (GlobFollower f : followers) {
            out.addAll(f.positions());
        }
        return out;
    }

    @Override
    public Set<Path> files() {
        Set<Path> out = new TreeSet<>();
        for (GlobFollower f : followers) {
            out.addAll(f.paths());
        }
        return out;
    }

    @Override
    public long lines() {
        return lines + overlongLines();
    }

    @Override
    public long overlongLines() {
        long n = bulkOverlong;
        for (GlobFollower f : followers) {
            n += f.overlongLines();
        }
        return n;
    }

    @Override
    public LineCounts lineCounts() {
        return counts;
    }

    @Override
    public void close() {
        for (GlobFollower f : followers) {
            try {
                f.close();
            } catch (IOException e) {
                LOG.debug("[{}] closing a log: {}", jail, e.toString());
            }
        }
        followers.clear();
    }
}
