package dev.warden.core.log;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream with every core: a reader thread cuts the stream into large blocks of whole lines, worker
 * threads split and parse the headers of different blocks at the same time, and the calling thread hands
 * the lines to the consumer in file order. The consumer (filter and jail) therefore stays confined to the
 * calling thread, and lines are never copied. A fixed pool of blocks bounds memory.
 *
 * <p>What depends on order is done by the calling thread: a line without a readable time takes the time
 * of the line before it or, in a file that has shown timed lines, is withheld ({@link LineTrust}), and the
 * counts are summed there. A line longer than the maximum is dropped, never parsed nor handed out, and
 * counted once, however many blocks it spans.
 */
final class ParallelFeed {

    /**
     * 1 MiB blocks, 12 in flight: against 4 MiB blocks, 6 in flight, the same CPU on the 10M-line benchmark
     * and about 50 MB less peak RSS (docs/performance.md, issue 17).
     */
    private static final int BLOCK = 1 << 20;
    private static final int POOL = 12;
    private static final int CHUNK = 512;
    private static final ParsedBatch STOP = new ParsedBatch(0, 1);

    private final SyslogHeaderParser prototype;
    private final int maxLine;
    private final int workers;
    private final BlockingQueue<ParsedBatch> free = new ArrayBlockingQueue<>(POOL);
    private final BlockingQueue<ParsedBatch> work = new ArrayBlockingQueue<>(POOL + 4);
    private final BlockingQueue<ParsedBatch> ordered = new ArrayBlockingQueue<>(POOL + 1);

    /** What the calling thread counted. */
    static final class Counts {
        long lines;
        final LineCounts fates = new LineCounts();
        long overlong;
        long first = Long.MIN_VALUE;
        long last = Long.MIN_VALUE;
        final long[] formats = new long[TimeFormat.values().length];
    }

    ParallelFeed(SyslogHeaderParser prototype, int maxLine, int workers) {
        this.prototype = prototype;
        this.maxLine = maxLine;
        this.workers = workers;
        for (int i = 0; i < POOL; i++) {
            free.add(new ParsedBatch(BLOCK, BLOCK >> 6)); // lines of 64 bytes on average before growing
        }
    }

    /**
     * Feeds {@code in} to its end (a last line without newline included) to {@code consumer}.
     *
     * @param unreadable shown each line withheld for an unreadable time; may be null
     * @param trust what the file has shown so far (updated as lines are handed out)
     * @param previousMillis the time a first line without a readable time takes
     * @return the time of the last line (for the next feed)
     */
    long feed(InputStream in, MutableLogLine line, LineConsumer consumer, LineConsumer unreadable, Counts counts,
              LineTrust trust, long previousMillis) throws IOException {
        Thread reader = new Thread(() -> read(in), "warden-reader");
        reader.setDaemon(true);
        Thread[] pool = new Thread[workers];
        for (int i = 0; i < workers; i++) {
            pool[i] = new Thread(this::parse, "warden-parser-" + i);
            pool[i].setDaemon(true);
            pool[i].start();
        }
        reader.start();
        try {
            return consume(line, consumer, unreadable, counts, trust, previousMillis);
        } finally {
            reader.interrupt();
            for (Thread t : pool) {
                t.interrupt();
            }
        }
    }

    /** Reader thread: blocks of whole lines, in order, to the workers and to the consumer. */
    private void read(InputStream in) {
        byte[] carry = new byte[BLOCK];
        int carried = 0;
        boolean skipping = false;
        try {
            while (true) {
                ParsedBatch b = free.take();
                b.clear();
                System.arraycopy(carry, 0, b.buf, 0, carried);
                int fill = carried;
                carried = 0;
                boolean eof = false;
                while (fill < b.buf.length) {
                    int n = in.read(b.buf, fill, b.buf.length - fill);
                    if (n < 0) {
                        eof = true;
                        break;
                    }
                    fill += n;
                }
                b.skipFirst = skipping;
                int lastNewline = lastNewline(b.buf, fill);
                if (eof) {
                    b.length = fill;
                    b.last = true;
                    skipping = false;
                } else if (lastNewline >= 0) {
                    b.length = lastNewline + 1;
                    carried = fill - b.length;
                    System.arraycopy(b.buf, b.length, carry, 0, carried);
                    skipping = false;
                } else {
                    b.length = fill; // one line longer than a block: dropped there, its rest skipped
                    skipping = true;
                }
                work.put(b);
                ordered.put(b);
                if (b.last) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            ParsedBatch f = new ParsedBatch(0, 1);
            f.failure = e;
            f.last = true;
            f.ready.release();
            ordered.offer(f);
        } finally {
            for (int i = 0; i < workers; i++) {
                work.offer(STOP);
            }
        }
    }

    private static int lastNewline(byte[] b, int end) {
        for (int i = end - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Worker thread: splits and parses whole blocks with its own header parser. */
    private void parse() {
        SyslogHeaderParser parser = prototype.copy();
        MutableLogLine scratch = new MutableLogLine();
        try {
            while (true) {
                ParsedBatch b = work.take();
                if (b == STOP) {
                    return;
                }
                try {
                    split(b, parser, scratch);
                } catch (RuntimeException | Error e) {
                    b.failure = e;
                } finally {
                    b.ready.release();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void split(ParsedBatch b, SyslogHeaderParser parser, MutableLogLine scratch) {
        int pos = 0;
        if (b.skipFirst) {
            int nl = LineReader.indexOfNewline(b.buf, 0, b.length);
            pos = nl < 0 ? b.length : nl + 1;
        }
        while (pos < b.length) {
            pos = splitSome(b, pos, parser, scratch);
        }
    }

    /**
     * Splits and parses up to {@link #CHUNK} lines from {@code pos}; returns where it stopped. Small
     * chunks keep each call short, so the JIT compiles this method normally instead of relying on one
     * long on-stack replacement that every deoptimization would throw back to the interpreter.
     */
    private int splitSome(ParsedBatch b, int pos, SyslogHeaderParser parser, MutableLogLine scratch) {
        byte[] buf = b.buf;
        int len = b.length;
        for (int k = 0; k < CHUNK && pos < len; k++) {
            int nl = LineReader.indexOfNewline(buf, pos, len);
            int end = nl < 0 ? len : nl;
            if (end - pos > maxLine) {
                b.addOverlong();
            } else {
                if (end > pos && buf[end - 1] == '\r') {
                    end--;
                }
                parser.parse(buf, pos, end, scratch);
                b.add(scratch, parser.lastFormat());
            }
            pos = nl < 0 ? len : nl + 1;
        }
        return pos;
    }

    /** Calling thread: lines in file order to the consumer. */
    private long consume(MutableLogLine line, LineConsumer consumer, LineConsumer unreadable, Counts counts,
                         LineTrust trust, long previous)
            throws IOException {
        long prev = previous;
        while (true) {
            ParsedBatch b;
            try {
                b = ordered.take();
                b.ready.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading", e);
            }
            rethrow(b.failure);
            for (int i = 0; i < b.count; i += CHUNK) {
                prev = deliver(b, i, Math.min(b.count, i + CHUNK), line, consumer, unreadable, counts, trust,
                        prev);
            }
            counts.lines += b.count;
            counts.overlong += b.overlong;
            for (int k = 0; k < counts.formats.length; k++) {
                counts.formats[k] += b.formats[k];
            }
            boolean last = b.last;
            if (b.buf.length > 0) {
                b.clear();
                free.add(b);
            }
            if (last) {
                return prev;
            }
        }
    }

    /**
     * Hands lines {@code [from, to)} of {@code b} to the consumer, but for overlong and continuation lines;
     * returns the last time seen.
     */
    private static long deliver(ParsedBatch b, int from, int to, MutableLogLine line, LineConsumer consumer,
                                LineConsumer unreadable, Counts counts, LineTrust trust, long previous) {
        long prev = previous;
        for (int i = from; i < to; i++) {
            line.lineNumber++;
            if (b.overlong(i)) {
                continue;
            }
            b.load(i, line);
            if (line.hasTime) {
                prev = line.epochMillis;
                if (counts.first == Long.MIN_VALUE) {
                    counts.first = prev;
                }
                counts.last = prev;
            } else {
                line.epochMillis = prev;
            }
            LineCounts.Fate fate = counts.fates.count(line.hasTime, trust, line.bytes, line.start, line.end);
            if (fate == LineCounts.Fate.ADMITTED) {
                consumer.accept(line);
            } else if (fate == LineCounts.Fate.UNREADABLE_TIME && unreadable != null) {
                unreadable.accept(line);
            }
        }
        return prev;
    }

    private static void rethrow(Throwable failure) throws IOException {
        if (failure == null) {
            return;
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof UncheckedIOException u) {
            throw u.getCause();
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        throw (Error) failure;
    }
}
