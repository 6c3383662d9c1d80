package dev.warden.core.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads and parses on one thread while the caller's thread runs the consumer: the reader thread fills
 * {@link ParsedBatch}es (line splitting and header parsing, the bulk of the per-line work), the caller
 * takes them in order and hands each line to the consumer. The consumer (filter and jail) therefore
 * stays confined to the caller's thread. A small fixed pool of batches bounds memory.
 */
final class PipelinedFeed {

    private static final int POOL = 4;
    private static final int BATCH_BYTES = 2 << 20;

    private final BlockingQueue<ParsedBatch> free = new ArrayBlockingQueue<>(POOL);
    private final BlockingQueue<ParsedBatch> full = new ArrayBlockingQueue<>(POOL);

    PipelinedFeed() {
        for (int i = 0; i < POOL; i++) {
            free.add(new ParsedBatch(BATCH_BYTES));
        }
    }

    /**
     * Feeds {@code ch} to its end. {@code parse} runs on the reader thread for each raw line and must fill
     * {@code scratch}; {@code consumer} runs on this thread with {@code line} pointed at each batch line.
     */
    void feed(ReadableByteChannel ch, LineReader reader, MutableLogLine scratch, RawParser parse,
              MutableLogLine line, LineConsumer consumer) throws IOException {
        Thread t = new Thread(() -> produce(ch, reader, scratch, parse), "warden-reader");
        t.setDaemon(true);
        t.start();
        try {
            consume(line, consumer);
        } finally {
            t.interrupt();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Parses one raw line into the scratch line (reader thread). */
    @FunctionalInterface
    interface RawParser {
        void parse(byte[] buf, int start, int end, MutableLogLine scratch);
    }

    private void produce(ReadableByteChannel ch, LineReader reader, MutableLogLine scratch, RawParser parse) {
        ParsedBatch[] current = {take(free)};
        try {
            LineHandler h = (buf, s, e, off) -> {
                if (!current[0].fits(e - s)) {
                    put(current[0]);
                    current[0] = take(free);
                    current[0].clear();
                }
                parse.parse(buf, s, e, scratch);
                current[0].add(buf, scratch);
            };
            current[0].clear();
            reader.readAvailable(ch, h);
            reader.finish(h);
        } catch (IOException e) {
            current[0].failure = e;
        } catch (RuntimeException | Error e) {
            current[0].failure = e;
        } finally {
            current[0].last = true;
            if (!full.offer(current[0])) {
                // only when the consumer has gone away (it failed); nobody waits for this batch
                current[0].clear();
            }
        }
    }

    private void consume(MutableLogLine line, LineConsumer consumer) throws IOException {
        while (true) {
            ParsedBatch b;
            try {
                b = full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading", e);
            }
            for (int i = 0; i < b.count; i++) {
                b.load(i, line);
                line.lineNumber = line.lineNumber + 1;
                consumer.accept(line);
            }
            boolean last = b.last;
            Throwable failure = b.failure;
            b.clear();
            free.add(b);
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error err) {
                throw err;
            }
            if (last) {
                return;
            }
        }
    }

    private static ParsedBatch take(BlockingQueue<ParsedBatch> q) {
        try {
            return q.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("reader interrupted", e);
        }
    }

    private void put(ParsedBatch b) {
        try {
            full.put(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("reader interrupted", e);
        }
    }
}
