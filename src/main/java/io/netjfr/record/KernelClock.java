package io.netjfr.record;

import java.time.Instant;

/**
 * Converts the kernel's bpf_ktime_get_ns (CLOCK_MONOTONIC) to wall-clock time. On Linux
 * System.nanoTime reads the same clock, so one offset taken at start-up suffices.
 */
public final class KernelClock {
    private final long epochMinusMonotonicNanos;

    public KernelClock() {
        Instant now = Instant.now();
        long mono = System.nanoTime();
        epochMinusMonotonicNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano() - mono;
    }

    /** Nanoseconds since the epoch for a kernel timestamp. */
    public long epochNanos(long monotonicNanos) {
        return monotonicNanos + epochMinusMonotonicNanos;
    }
}
