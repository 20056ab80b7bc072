package io.netjfr.summary;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryRowTest {
    /** bpf/summary.bpf.h bucket_of: whole microseconds, two buckets per power of two, the last one open. */
    private static int kernelBucket(long ns) {
        long us = ns / 1000;
        if (us == 0) {
            return 0;
        }
        int log = 63 - Long.numberOfLeadingZeros(us);
        return Math.min(2 * log + (log > 0 ? (int) ((us >> (log - 1)) & 1) : 0), SummaryLayout.BUCKETS - 1);
    }

    /** Each bucket's upper bound holds every latency the kernel counts there, and the bucket below holds none of them. */
    @Test
    void bucketBoundsHoldWhatTheKernelCountsThere() {
        for (long ns : new long[] {0, 999, 1000, 1500, 1999, 2000, 2999, 3000, 3999, 4000, 5999, 6000, 7999, 8000,
                1_000_000, 60_000_000, 3_000_000_000L}) {
            int b = kernelBucket(ns);
            assertTrue(ns <= SummaryRow.bucketUpperNanos(b), ns + " ns in bucket " + b);
            assertTrue(b == 0 || ns > SummaryRow.bucketUpperNanos(b - 1), ns + " ns not in bucket " + (b - 1));
        }
    }
}
