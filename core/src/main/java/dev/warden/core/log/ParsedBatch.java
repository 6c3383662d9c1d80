package dev.warden.core.log;

/**
 * A run of complete lines copied out of the read buffer, with their parsed headers: what the reader
 * thread of a {@link PipelinedFeed} hands the jail thread. Owned by one thread at a time (the queue
 * hand-off orders the writes before the reads).
 */
final class ParsedBatch {

    static final int MAX_LINES = 16_384;

    final byte[] buf;
    int used;
    int count;
    final int[] start = new int[MAX_LINES];
    final int[] end = new int[MAX_LINES];
    final int[] message = new int[MAX_LINES];
    final int[] hostStart = new int[MAX_LINES];
    final int[] hostEnd = new int[MAX_LINES];
    final int[] tagStart = new int[MAX_LINES];
    final int[] tagEnd = new int[MAX_LINES];
    final long[] pid = new long[MAX_LINES];
    final long[] millis = new long[MAX_LINES];
    final boolean[] timed = new boolean[MAX_LINES];
    /** Set on the last batch of a feed. */
    boolean last;
    /** A failure of the reader thread, delivered in order. */
    Throwable failure;

    ParsedBatch(int bytes) {
        this.buf = new byte[bytes];
    }

    void clear() {
        used = 0;
        count = 0;
        last = false;
        failure = null;
    }

    /** Whether a line of {@code length} bytes still fits. */
    boolean fits(int length) {
        return count < MAX_LINES && used + length <= buf.length;
    }

    /** Copies the line parsed into {@code l} (offsets into {@code src}) and its header fields. */
    void add(byte[] src, MutableLogLine l) {
        int base = used - l.start;
        int len = l.end - l.start;
        System.arraycopy(src, l.start, buf, used, len);
        int i = count++;
        start[i] = used;
        end[i] = used + len;
        message[i] = l.messageStart + base;
        hostStart[i] = l.hostStart + base;
        hostEnd[i] = l.hostEnd + base;
        tagStart[i] = l.tagStart + base;
        tagEnd[i] = l.tagEnd + base;
        pid[i] = l.pid;
        millis[i] = l.epochMillis;
        timed[i] = l.hasTime;
        used += len;
    }

    /** Points {@code l} at line {@code i} of this batch. */
    void load(int i, MutableLogLine l) {
        l.bytes = buf;
        l.start = start[i];
        l.end = end[i];
        l.messageStart = message[i];
        l.hostStart = hostStart[i];
        l.hostEnd = hostEnd[i];
        l.tagStart = tagStart[i];
        l.tagEnd = tagEnd[i];
        l.pid = pid[i];
        l.epochMillis = millis[i];
        l.hasTime = timed[i];
    }
}
