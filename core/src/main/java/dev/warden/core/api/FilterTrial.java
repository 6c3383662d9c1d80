package dev.warden.core.api;

import dev.warden.core.log.LineReader;
import dev.warden.core.log.LogFeeder;
import dev.warden.core.log.SyslogHeaderParser;
import dev.warden.core.log.TimeFormat;
import dev.warden.core.log.TimePattern;
import dev.warden.core.spi.FailureSink;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.LogLine;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs one filter over whole log files, as {@code warden test-filter} does, and counts what it read. Lines are
 * read and their headers parsed the way {@code warden scan} reads them: on a multi-core machine on other
 * threads, while the filter and the listener run on the caller's thread, in file order. The lines a scan
 * withholds from its filter (overlong lines, and lines without a time of their own in a file that has shown
 * timed lines) are withheld here too, from the listener as well, and counted. Nothing is banned.
 *
 * <p>One thread; one instance per trial. Adds no allocation per line to the reading itself.
 */
public final class FilterTrial {

    /** What the trial tells about each line; its methods run on the caller's thread of {@link #read}. */
    @FunctionalInterface
    public interface Listener {

        /**
         * Called for each line just before the filter sees it.
         *
         * @param line a reused view, valid only during the call (and the filter's and {@link #after} that follow)
         * @return the sink for the failures the filter finds in this line; never null. Called for every line,
         *     so return a reused sink.
         */
        FailureSink before(LogLine line);

        /** Called once the filter has seen {@code line} (the same view as {@link #before}); by default nothing. */
        default void after(LogLine line) {
        }

        /**
         * Called for a line withheld from the filter because its time could not be read, in a file whose lines
         * have times (a reused view, valid during the call); by default nothing.
         */
        default void unreadableTime(LogLine line) {
        }
    }

    /**
     * What a trial has read so far.
     *
     * @param lines lines read, those withheld included
     * @param untimedLines lines whose own time could not be read (they took the previous line's, or were
     *     withheld as continuation lines)
     * @param continuationLines lines without a time of their own in a file that had shown timed lines, not
     *     starting as a time would: withheld
     * @param unreadableTimeLines lines starting as a time would whose time could not be read, in a file whose
     *     lines have times: withheld
     * @param overlongLines lines longer than the maximum line length: dropped
     * @param timeFormats lines per timestamp format (the names of core's time shapes: {@code RFC3164},
     *     {@code ISO8601}, {@code NGINX}, ..., {@code CUSTOM} for a {@code time-format}, {@code NONE}), only the
     *     formats seen, in that order (overlong lines are not parsed); unmodifiable
     * @param firstTime the log time of the first line with a time; null when no line had one
     * @param lastTime the log time of the last line with a time; null when no line had one
     */
    public record Counts(long lines, long untimedLines, long continuationLines, long unreadableTimeLines,
                         long overlongLines,
                         Map<String, Long> timeFormats, Instant firstTime, Instant lastTime) {
    }

    private final Filter filter;
    private final LogFeeder feeder;

    /**
     * @param reference "now", for the year of timestamps that have none
     * @param zone the zone of timestamps that have none (RFC 3164)
     */
    public FilterTrial(Filter filter, Instant reference, ZoneId zone) {
        this(filter, reference, zone, null);
    }

    /**
     * @param timeFormat a jail's {@code time-format}, the only time shape read; null for the built-in shapes
     * @throws IllegalArgumentException when {@code timeFormat} is not a valid pattern (the message says why)
     */
    public FilterTrial(Filter filter, Instant reference, ZoneId zone, String timeFormat) {
        this.filter = filter;
        this.feeder = new LogFeeder(new SyslogHeaderParser(reference, zone,
                timeFormat == null ? null : TimePattern.compile(timeFormat)), new LineReader(),
                Runtime.getRuntime().availableProcessors() > 1);
    }

    /** An example of each time shape by name ({@code NGINX} to {@code 2026/12/06 19:02:25}), in reading order. */
    public static Map<String, String> timeFormatExamples() {
        Map<String, String> m = new LinkedHashMap<>();
        for (TimeFormat f : TimeFormat.values()) {
            m.put(f.name(), f.example());
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * Reads {@code file} from its start to its end (a last line without newline included), handing each line to
     * {@code listener}, then the filter, then {@code listener} again. Line numbers start at 1 in each file.
     *
     * @throws IOException when the file cannot be read; what was read before counts
     */
    public void read(Path file, Listener listener) throws IOException {
        feeder.onUnreadableTime(listener::unreadableTime);
        feeder.feed(file, line -> {
            filter.accept(line, listener.before(line));
            listener.after(line);
        });
    }

    /** The counts of every file read so far. */
    public Counts counts() {
        Map<String, Long> formats = new LinkedHashMap<>();
        feeder.formats().forEach((f, n) -> formats.put(f.name(), n));
        return new Counts(feeder.lines(), feeder.untimedLines(), feeder.continuationLines(),
                feeder.unreadableTimeLines(), feeder.overlongLines(),
                Collections.unmodifiableMap(formats), time(feeder.firstMillis()), time(feeder.lastMillis()));
    }

    private static Instant time(long millis) {
        return millis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(millis);
    }
}
