package dev.warden.core.engine;

import dev.warden.core.log.LineReader;
import dev.warden.core.log.LogFeeder;
import dev.warden.core.log.SyslogHeaderParser;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.LogLine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.zip.GZIPInputStream;

/**
 * One pass of one jail over whole files, in the order given: each line's header is parsed, the jail's
 * filter examines it, and failures go straight to the {@link Jail}. Files ending in {@code .gz} (rotated
 * by newsyslog with the Z flag) are decompressed on the fly. One thread.
 */
public final class JailScan {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JailScan.class);

    private final Jail jail;
    private final Filter filter;
    private final LogFeeder feeder;
    private long skippedLines;

    /**
     * @param reference "now" for RFC 3164 year inference
     * @param zone the zone of RFC 3164 timestamps
     */
    public JailScan(Jail jail, Filter filter, ZoneId zone, Instant reference) {
        this.jail = jail;
        this.filter = filter;
        this.feeder = new LogFeeder(new SyslogHeaderParser(reference, zone), new LineReader(), readerThread());
    }

    /**
     * Whether to read and parse on a second thread: on machines with more than one core, unless the
     * system property {@code warden.reader-thread} is {@code false}.
     */
    static boolean readerThread() {
        return Runtime.getRuntime().availableProcessors() > 1
                && !"false".equals(System.getProperty("warden.reader-thread"));
    }

    /** Reads {@code file} from its start to its end. */
    public void scan(Path file) throws IOException {
        if (file.getFileName() != null && file.getFileName().toString().endsWith(".gz")) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
                feeder.feed(in, file.toString(), 0, this::step);
            }
        } else {
            feeder.feed(file, this::step);
        }
    }

    /**
     * One line through the filter into the jail. A named method rather than a lambda so that profiles and
     * JIT directives can name it (docs/performance.md records a {@code dontinline} experiment on it).
     */
    void step(LogLine line) {
        try {
            filter.accept(line, jail);
        } catch (RuntimeException e) {
            // Filters must not throw (Filter#accept); one that does loses its line, not the scan.
            if (skippedLines++ < 10) {
                LOG.warn("[{}] skipped line {} of {} the filter could not handle: {}", jail.name(),
                        line.lineNumber(), line.sourceName(), e.toString());
            }
        }
    }

    /** Lines the filter threw on (skipped). */
    public long skippedLines() {
        return skippedLines;
    }

    public Jail jail() {
        return jail;
    }

    /** Line counts and time span of what was read. */
    public LogFeeder feeder() {
        return feeder;
    }
}
