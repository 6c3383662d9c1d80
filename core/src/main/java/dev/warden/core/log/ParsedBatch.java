package dev.warden.core.log;

import java.util.concurrent.Semaphore;

/**
 * A block of whole lines and, once a worker has parsed it, each line's bounds and header fields: the unit
 * a {@link ParallelFeed} hands from its reader to its workers to the consuming thread. Lines are not
 * copied: offsets index {@link #buf}. Owned by one thread at a time; {@link #ready} orders the worker's
 * writes before the consumer's reads.
 */
final class ParsedBatch {

    final byte[] buf;
    /** Bytes of whole lines in {@link #buf} (plus a final unterminated line when {@link #last}). */
    int length;
    int count;
    int[] start;
    int[] end;
    int[] message;
    int[] hostStart;
    int[] hostEnd;
    int[] tagStart;
    int[] tagEnd;
    long[] pid;
    long[] millis;
    boolean[] timed;
    final long[] formats = new long[TimeFormat.values().length];
    long overlong;
    /** The first line continues an overlong line dropped in an earlier block: skip it. */
    boolean skipFirst;
    boolean last;
    Throwable failure;
    final Semaphore ready = new Semaphore(0);

    ParsedBatch(int bytes, int lines) {
        this.buf = new byte[bytes];
        allocate(lines);
    }

    private void allocate(int lines) {
        start = new int[lines];
        end = new int[lines];
        message = new int[lines];
        hostStart = new int[lines];
        hostEnd = new int[lines];
        tagStart = new int[lines];
        tagEnd = new int[lines];
        pid = new long[lines];
        millis = new long[lines];
        timed = new boolean[lines];
    }

    void clear() {
        length = 0;
        count = 0;
        overlong = 0;
        skipFirst = false;
        last = false;
        failure = null;
        java.util.Arrays.fill(formats, 0);
    }

    /** Records a line longer than the maximum: not parsed, never handed out, counted. */
    void addOverlong() {
        if (count == start.length) {
            grow();
        }
        start[count++] = -1;
        overlong++;
    }

    /** Whether line {@code i} was too long to keep. */
    boolean overlong(int i) {
        return start[i] < 0;
    }

    /** Records the line just parsed into {@code l} (offsets into {@link #buf}). */
    void add(MutableLogLine l, TimeFormat format) {
        if (count == start.length) {
            grow();
        }
        int i = count++;
        start[i] = l.start;
        end[i] = l.end;
        message[i] = l.messageStart;
        hostStart[i] = l.hostStart;
        hostEnd[i] = l.hostEnd;
        tagStart[i] = l.tagStart;
        tagEnd[i] = l.tagEnd;
        pid[i] = l.pid;
        millis[i] = l.epochMillis;
        timed[i] = l.hasTime;
        formats[format.ordinal()]++;
    }

    private void grow() {
        int n = start.length * 2;
        start = java.util.Arrays.copyOf(start, n);
        end = java.util.Arrays.copyOf(end, n);
        message = java.util.Arrays.copyOf(message, n);
        hostStart = java.util.Arrays.copyOf(hostStart, n);
        hostEnd = java.util.Arrays.copyOf(hostEnd, n);
        tagStart = java.util.Arrays.copyOf(tagStart, n);
        tagEnd = java.util.Arrays.copyOf(tagEnd, n);
        pid = java.util.Arrays.copyOf(pid, n);
        millis = java.util.Arrays.copyOf(millis, n);
        timed = java.util.Arrays.copyOf(timed, n);
    }

    /** Points {@code l} at line {@code i}; its time is left to the caller when the line had none. */
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
        l.hasTime = timed[i];
        l.epochMillis = millis[i];
    }
}
