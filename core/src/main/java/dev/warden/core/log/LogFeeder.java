package dev.warden.core.log;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Reads whole files (or channels) line by line, parses each header and hands the line to a consumer:
 * the reading loop of {@code scan} and {@code test-filter}. Overlong lines ({@link LineReader}) and
 * continuation lines ({@link LineTrust}) are withheld from the consumer. Counts lines (those withheld
 * included), lines without a readable time, lines withheld for an unreadable time, continuation and
 * overlong lines, and lines per timestamp format. One thread; one instance per jail or per run.
 */
public final class LogFeeder {

    private final SyslogHeaderParser parser;
    private final LineReader reader;
    private final boolean pipelined;
    private final MutableLogLine line = new MutableLogLine();
    private final long[] formats = new long[TimeFormat.values().length];
    private long lines;
    private final LineCounts counts = new LineCounts();
    private long overlong;
    private LineConsumer unreadableListener;
    /** The reader's overlong count already taken into {@link #overlong} and the line numbers. */
    private long readerOverlong;
    private long firstMillis = Long.MIN_VALUE;
    private long lastMillis = Long.MIN_VALUE;

    public LogFeeder(SyslogHeaderParser parser) {
        this(parser, new LineReader(), false);
    }

    /**
     * @param pipelined read on another thread and split and parse blocks on worker threads while the
     *     caller's thread runs the consumer (whole-file scans on a multi-core machine); the consumer still
     *     runs only on the caller's thread, in file order
     */
    public LogFeeder(SyslogHeaderParser parser, LineReader reader, boolean pipelined) {
        this.parser = parser;
        this.reader = reader;
        this.pipelined = pipelined;
    }

    /** Feeds a whole file from its start, including a last line without newline. */
    public void feed(Path file, LineConsumer consumer) throws IOException {
        OpenFile.requireRegularFile(file);
        try (InputStream in = new FileInputStream(file.toFile())) {
            feed(in, file.toString(), 0, consumer);
        }
    }

    /**
     * Feeds a stream to its end, numbering lines from 1; offsets start at {@code startOffset}. The stream is
     * a file of its own: what earlier feeds showed does not decide which of its lines are withheld.
     */
    public void feed(InputStream in, String sourceName, long startOffset, LineConsumer consumer)
            throws IOException {
        feed(in, sourceName, startOffset, new LineTrust(parser.timedFromStart()), consumer);
    }

    /** As {@link #feed(InputStream, String, long, LineConsumer)}, for a file of which {@code trust} knows the start. */
    void feed(InputStream in, String sourceName, long startOffset, LineTrust trust, LineConsumer consumer)
            throws IOException {
        line.sourceName(sourceName);
        line.lineNumber(0);
        reader.reset(startOffset);
        if (pipelined) {
            ParallelFeed.Counts c = new ParallelFeed.Counts();
            int workers = Integer.getInteger("warden.parse-threads",
                    Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() - 1)));
            try {
                parser.previousMillis(new ParallelFeed(parser, reader.maxLine(), workers)
                        .feed(in, line, consumer, unreadableListener, c, trust, parser.previousMillis()));
            } finally {
                add(c);
            }
            return;
        }
        readerOverlong = reader.overlongLines();
        LineHandler handler = (buf, start, end, offset) -> {
            countDropped();
            line.lineNumber(line.lineNumber() + 1);
            if (parse(buf, start, end, line, trust)) {
                consumer.accept(line);
            }
        };
        try {
            reader.readAvailable(in, handler);
            reader.finish(handler);
        } finally {
            countDropped();
        }
    }

    /** Counts and numbers the overlong lines the reader dropped since the last line it handed out. */
    private void countDropped() {
        long dropped = reader.overlongLines() - readerOverlong;
        if (dropped != 0) {
            readerOverlong += dropped;
            overlong += dropped;
            lines += dropped;
            line.lineNumber(line.lineNumber() + dropped);
        }
    }

    private void add(ParallelFeed.Counts c) {
        lines += c.lines;
        counts.add(c.fates);
        overlong += c.overlong;
        for (int k = 0; k < formats.length; k++) {
            formats[k] += c.formats[k];
        }
        if (c.first != Long.MIN_VALUE) {
            if (firstMillis == Long.MIN_VALUE) {
                firstMillis = c.first;
            }
            lastMillis = c.last;
        }
    }

    /** Parses one line's header and counts it; returns whether it may reach the consumer. */
    private boolean parse(byte[] buf, int start, int end, MutableLogLine into, LineTrust trust) {
        lines++;
        parser.parse(buf, start, end, into);
        formats[parser.lastFormat().ordinal()]++;
        if (into.hasTime()) {
            long t = into.epochMillis();
            if (firstMillis == Long.MIN_VALUE) {
                firstMillis = t;
            }
            lastMillis = t;
        }
        LineCounts.Fate fate = counts.count(into.hasTime(), trust, buf, start, end);
        if (fate == LineCounts.Fate.UNREADABLE_TIME && unreadableListener != null) {
            unreadableListener.accept(into);
        }
        return fate == LineCounts.Fate.ADMITTED;
    }

    /**
     * Also shows each line withheld for an unreadable time to {@code listener} (on the caller's thread, in
     * file order; the reused view, valid during the call): what {@code test-filter} lists.
     */
    public void onUnreadableTime(LineConsumer listener) {
        this.unreadableListener = listener;
    }

    /**
     * Lines without a readable time that start as a time would, in a file whose lines have times (or in a
     * jail with a {@code time-format}): withheld, never given another line's time ({@link LineTrust}).
     */
    public long unreadableTimeLines() {
        return counts.unreadable;
    }

    /** Lines read so far, those withheld included. */
    public long lines() {
        return lines;
    }

    /**
     * Lines whose own time could not be read: handed on with the previous line's time, or withheld as
     * continuation lines.
     */
    public long untimedLines() {
        return counts.untimed;
    }

    /**
     * Lines without a time of their own in a file that had shown timed lines, and not starting as a time
     * would: withheld ({@link LineTrust}).
     */
    public long continuationLines() {
        return counts.continuation;
    }

    /** Lines longer than the maximum line length: dropped. */
    public long overlongLines() {
        return overlong;
    }

    /** The lines' counts by fate, for a reader that adds them to its own. */
    LineCounts counts() {
        return counts;
    }

    /** Lines seen per timestamp format. */
    public Map<TimeFormat, Long> formats() {
        Map<TimeFormat, Long> m = new EnumMap<>(TimeFormat.class);
        for (TimeFormat f : TimeFormat.values()) {
            if (formats[f.ordinal()] > 0) {
                m.put(f, formats[f.ordinal()]);
            }
        }
        return m;
    }

    /** Log time of the first timed line, or {@code Long.MIN_VALUE}. */
    public long firstMillis() {
        return firstMillis;
    }

    /** Log time of the last timed line, or {@code Long.MIN_VALUE}. */
    public long lastMillis() {
        return lastMillis;
    }
}
