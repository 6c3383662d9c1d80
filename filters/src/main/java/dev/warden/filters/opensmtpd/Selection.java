package dev.warden.filters.opensmtpd;

/** Order statistics over a prefix of a {@code long[]}, in expected linear time. Stateless. */
final class Selection {

    private Selection() {
    }

    /**
     * The {@code k}-th smallest (0-based) of {@code a[0, n)}, reordering that range. Three-way
     * partitioning keeps it linear when many values are equal (a flood logged within one second).
     *
     * @throws IllegalArgumentException unless {@code 0 <= k < n <= a.length}
     */
    static long kthSmallest(long[] a, int n, int k) {
        if (k < 0 || k >= n || n > a.length) {
            throw new IllegalArgumentException("k=" + k + " n=" + n);
        }
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            long pivot = medianOfThree(a[lo], a[(lo + hi) >>> 1], a[hi]);
            int lt = lo;
            int i = lo;
            int gt = hi;
            while (i <= gt) {
                if (a[i] < pivot) {
                    swap(a, lt++, i++);
                } else if (a[i] > pivot) {
                    swap(a, i, gt--);
                } else {
                    i++;
                }
            }
            if (k < lt) {
                hi = lt - 1;
            } else if (k > gt) {
                lo = gt + 1;
            } else {
                return pivot;
            }
        }
        return a[lo];
    }

    private static long medianOfThree(long x, long y, long z) {
        return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    }

    private static void swap(long[] a, int i, int j) {
        long t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
