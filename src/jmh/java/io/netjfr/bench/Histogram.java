package io.netjfr.bench;

/**
 * Log-linear histogram of non-negative longs (nanoseconds): exact below 64, then 32
 * sub-buckets per power of two (about 3 % resolution). No allocation when recording.
 */
final class Histogram {
    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;
    private final long[] counts = new long[64 + 58 * SUB];
    private long total;
    private long max;

    void record(long value) {
        long v = Math.max(0, value);
        counts[bucket(v)]++;
        total++;
        max = Math.max(max, v);
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    /** The value below which fraction {@code q} of the recorded values lie (bucket midpoint). */
    double percentile(double q) {
        long seen = 0;
        for (int i = 0; i < counts.length && total > 0; i++) {
            seen += counts[i];
            if (seen >= q * total) {
                return Math.min(value(i), max);
            }
        }
        return 0;
    }

    private static int bucket(long v) {
        if (v < 64) {
            return (int) v;
        }
        int e = 63 - Long.numberOfLeadingZeros(v);
        return 64 + (e - 6) * SUB + (int) ((v >>> (e - SUB_BITS)) & (SUB - 1));
    }

    private static double value(int i) {
        if (i < 64) {
            return i;
        }
        int e = (i - 64) / SUB + 6;
        int m = (i - 64) % SUB;
        return (double) ((long) (SUB + m) << (e - SUB_BITS)) * (1 + 0.5 / SUB);
    }
}
