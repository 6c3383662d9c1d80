package dev.warden.core.log;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Whole files read once, from their start to their end (a last line without newline included), in the
 * order given: the stateless scan's source. On a machine with more than one core a file is read on
 * another thread and split and parsed on worker threads while the caller's thread runs the filter
 * ({@link ParallelFeed}; system property {@code warden.reader-thread=false} turns that off). Files ending
 * in {@code .gz} (rotated by newsyslog with the Z flag) are decompressed on the fly. A second
 * {@link #read} reads nothing.
 */
public final class WholeFileSource implements LogSource {

    private final List<Path> paths;
    private final LogFeeder feeder;
    private boolean done;

    /**
     * @param reference "now" for the year of RFC 3164 dates
     * @param zone the zone of dates that carry none
     */
    public WholeFileSource(List<Path> paths, ZoneId zone, Instant reference) {
        this(paths, zone, null, reference);
    }

    /**
     * @param pattern the jail's {@code time-format}, the only time shape read; null for the built-in shapes
     */
    public WholeFileSource(List<Path> paths, ZoneId zone, TimePattern pattern, Instant reference) {
        this.paths = List.copyOf(paths);
        this.feeder = new LogFeeder(new SyslogHeaderParser(reference, zone, pattern), new LineReader(), pipelined());
    }

    /** Whether to read and parse on other threads: more than one core, unless turned off. */
    static boolean pipelined() {
        return Runtime.getRuntime().availableProcessors() > 1
                && !"false".equals(System.getProperty("warden.reader-thread"));
    }

    @Override
    public void read(Instant now, LineConsumer consumer) throws IOException {
        if (done) {
            return;
        }
        done = true;
        ReadFailures failed = new ReadFailures();
        for (Path p : paths) {
            try {
                readOne(p, consumer);
            } catch (IOException e) {
                failed.add(new IOException("cannot read " + p + ": " + e.getMessage(), e));
            }
        }
        failed.throwIfAny();
    }

    private void readOne(Path file, LineConsumer consumer) throws IOException {
        if (file.getFileName() != null && file.getFileName().toString().endsWith(".gz")) {
            OpenFile.requireRegularFile(file);
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
                feeder.feed(in, file.toString(), 0, consumer);
            }
        } else {
            feeder.feed(file, consumer);
        }
    }

    @Override
    public List<FilePosition> positions() {
        return List.of();
    }

    @Override
    public Set<Path> files() {
        return new LinkedHashSet<>(paths);
    }

    @Override
    public long lines() {
        return feeder.lines();
    }

    @Override
    public long overlongLines() {
        return feeder.overlongLines();
    }

    @Override
    public LineCounts lineCounts() {
        return feeder.counts();
    }

    @Override
    public void close() {
        // nothing held open between reads
    }
}
