package dev.warden.core.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.Map;

/**
 * Reads whole files (or channels) line by line, parses each header and hands the line to a consumer:
 * the reading loop of {@code scan} and {@code test-filter}. Counts lines, lines without a readable time,
 * and lines per timestamp format. One thread; one instance per jail or per run.
 */
public final class LogFeeder {

    private final SyslogHeaderParser parser;
    private final LineReader reader;
    private final boolean pipelined;
    private final MutableLogLine line = new MutableLogLine();
    private final MutableLogLine scratch = new MutableLogLine();
    private final long[] formats = new long[TimeFormat.values().length];
    private long lines;
    private long untimed;
    private long firstMillis = Long.MIN_VALUE;
    private long lastMillis = Long.MIN_VALUE;

    public LogFeeder(SyslogHeaderParser parser) {
        this(parser, new LineReader(), false);
    }

    /**
     * @param pipelined read and parse on a second thread while the caller's thread runs the consumer
     *     (whole-file scans on a multi-core machine); the consumer still runs only on the caller's thread
     */
    public LogFeeder(SyslogHeaderParser parser, LineReader reader, boolean pipelined) {
        this.parser = parser;
        this.reader = reader;
        this.pipelined = pipelined;
    }

    /** Feeds a whole file from its start, including a last line without newline. */
    public void feed(Path file, LineConsumer consumer) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            feed(ch, file.toString(), 0, consumer);
        }
    }

    /** Feeds a channel to its end, numbering lines from 1; offsets start at {@code startOffset}. */
    public void feed(ReadableByteChannel ch, String sourceName, long startOffset, LineConsumer consumer)
            throws IOException {
        line.sourceName(sourceName);
        line.lineNumber(0);
        reader.reset(startOffset);
        if (pipelined) {
            new PipelinedFeed().feed(ch, reader, scratch, this::parse, line, consumer);
            return;
        }
        LineHandler handler = (buf, start, end, offset) -> {
            line.lineNumber(line.lineNumber() + 1);
            parse(buf, start, end, line);
            consumer.accept(line);
        };
        reader.readAvailable(ch, handler);
        reader.finish(handler);
    }

    /** Parses one line's header and counts it (on whichever thread reads). */
    private void parse(byte[] buf, int start, int end, MutableLogLine into) {
        lines++;
        parser.parse(buf, start, end, into);
        formats[parser.lastFormat().ordinal()]++;
        if (into.hasTime()) {
            long t = into.epochMillis();
            if (firstMillis == Long.MIN_VALUE) {
                firstMillis = t;
            }
            lastMillis = t;
        } else {
            untimed++;
        }
    }

    /** Lines read so far. */
    public long lines() {
        return lines;
    }

    /** Lines whose own time could not be read (they took the previous line's). */
    public long untimedLines() {
        return untimed;
    }

    /** Lines cut at the maximum line length. */
    public long overlongLines() {
        return reader.overlongLines();
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
