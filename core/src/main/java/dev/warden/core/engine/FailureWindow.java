package dev.warden.core.engine;

import java.util.Arrays;

/**
 * The failures of one address within find-time, counted in log time: a ring of the most recent failure
 * times and their weights (in thousandths; 1000 is one failure), with their score (the sum of weights).
 * Starts small and grows only for addresses that keep failing, so a botnet of one-shot addresses costs
 * little; weights are stored only once a failure weighs other than 1000. Confined to the jail's thread.
 */
final class FailureWindow {

    /** The weight of one plain failure. */
    static final int ONE = 1000;

    private long[] times = new long[2];
    private int[] weights;
    private int head;
    private int count;
    private long score;
    private long newest = Long.MIN_VALUE;

    /**
     * Records a failure at {@code t} and returns how many failures fall within {@code (t - findTime, t]}
     * after it, capped at {@code maxRetry}. Out-of-order times are accepted (logs from two files).
     */
    int add(long t, long findTimeMillis, int maxRetry) {
        add(t, ONE, findTimeMillis, maxRetry);
        return count;
    }

    /**
     * Records a failure of {@code weight} thousandths at {@code t}, keeping at most {@code maxEntries}
     * failures (the oldest go first), and returns the score of the failures within
     * {@code (t - findTime, t]} after it, in thousandths.
     */
    long add(long t, int weight, long findTimeMillis, int maxEntries) {
        expire(t - findTimeMillis);
        if (count == times.length && count < maxEntries) {
            grow(Math.min(maxEntries, times.length * 2));
        }
        if (count == times.length) {
            score -= weightAt(head);
            head = (head + 1) % times.length;
            count--;
        }
        if (weight != ONE && weights == null) {
            weights = new int[times.length];
            Arrays.fill(weights, ONE);
        }
        int at = (head + count) % times.length;
        times[at] = t;
        if (weights != null) {
            weights[at] = weight;
        }
        count++;
        score += weight;
        newest = Math.max(newest, t);
        return score;
    }

    /** Drops failures at or before {@code cutoff}. */
    void expire(long cutoff) {
        while (count > 0 && times[head] <= cutoff) {
            score -= weightAt(head);
            head = (head + 1) % times.length;
            count--;
        }
    }

    private int weightAt(int i) {
        return weights == null ? ONE : weights[i];
    }

    /** The failures now counted. */
    int count() {
        return count;
    }

    /** The score of the failures now counted, in thousandths. */
    long score() {
        return score;
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

    /** The counted failures' weights in the order of {@link #times()}, or null when every one is {@link #ONE}. */
    int[] weights() {
        if (weights == null) {
            return null;
        }
        int[] out = new int[count];
        boolean allOne = true;
        for (int i = 0; i < count; i++) {
            out[i] = weights[(head + i) % times.length];
            allOne &= out[i] == ONE;
        }
        return allOne ? null : out;
    }

    private void grow(int size) {
        long[] n = new long[size];
        int[] w = weights == null ? null : new int[size];
        for (int i = 0; i < count; i++) {
            n[i] = times[(head + i) % times.length];
            if (w != null) {
                w[i] = weights[(head + i) % times.length];
            }
        }
        times = n;
        weights = w;
        head = 0;
    }
}
