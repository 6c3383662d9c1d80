package dev.warden.core.engine;

/**
 * The failures of one address within find-time, counted in log time: a ring of the most recent
 * failure times, at most max-retry of them. Starts small and grows only for addresses that keep
 * failing, so a botnet of one-shot addresses costs little. Confined to the jail's thread.
 */
final class FailureWindow {

    private long[] times = new long[2];
    private int head;
    private int count;
    private long newest = Long.MIN_VALUE;

    /**
     * Records a failure at {@code t} and returns how many failures fall within {@code (t - findTime, t]}
     * after it, capped at {@code maxRetry}. Out-of-order times are accepted (logs from two files).
     */
    int add(long t, long findTimeMillis, int maxRetry) {
        expire(t - findTimeMillis);
        if (count == times.length && count < maxRetry) {
            grow(Math.min(maxRetry, times.length * 2));
        }
        if (count == times.length) {
            head = (head + 1) % times.length;
            count--;
        }
        times[(head + count) % times.length] = t;
        count++;
        newest = Math.max(newest, t);
        return count;
    }

    /** Drops failures at or before {@code cutoff}. */
    void expire(long cutoff) {
        while (count > 0 && times[head] <= cutoff) {
            head = (head + 1) % times.length;
            count--;
        }
    }

    /** The failures now counted. */
    int count() {
        return count;
    }

    /** The latest failure time seen. */
    long newest() {
        return newest;
    }

    /** The counted failure times, oldest first, in a new array. */
    long[] times() {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = times[(head + i) % times.length];
        }
        return out;
    }

    private void grow(int size) {
        long[] n = new long[size];
        for (int i = 0; i < count; i++) {
            n[i] = times[(head + i) % times.length];
        }
        times = n;
        head = 0;
    }
}
