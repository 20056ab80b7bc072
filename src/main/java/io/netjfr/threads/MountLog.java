package io.netjfr.threads;

import java.lang.invoke.VarHandle;

/**
 * The virtual threads one carrier thread ran lately, with when each was mounted and
 * unmounted (System.nanoTime, which on Linux reads the CLOCK_MONOTONIC the kernel stamps
 * records with). Written by the carrier only, read by the drain thread, without locks: a
 * lookup searches the last {@value #SEARCHED} mounts of the {@value #CAPACITY} kept, and gives
 * up rather than name the wrong thread when the carrier wrote so many meanwhile that it came
 * round to a slot the lookup read.
 */
final class MountLog {
    static final int CAPACITY = 1024;
    static final int SEARCHED = CAPACITY / 2;
    private static final int MASK = CAPACITY - 1;

    private final long[] mounted = new long[CAPACITY];
    private final long[] unmounted = new long[CAPACITY];
    private final Thread[] threads = new Thread[CAPACITY];
    /** Entries written so far; entry n is in slot n & MASK. */
    private volatile long count;

    /** On the carrier, before {@code virtualThread} becomes its current thread. */
    void mount(Thread virtualThread, long nanos) {
        long n = count;
        int slot = (int) n & MASK;
        threads[slot] = virtualThread;
        mounted[slot] = nanos;
        unmounted[slot] = Long.MAX_VALUE;
        count = n + 1;
    }

    /** On the carrier, once it is current again. */
    void unmount(Thread virtualThread, long nanos) {
        long n = count - 1;
        int slot = (int) n & MASK;
        if (n >= 0 && threads[slot] == virtualThread) {
            unmounted[slot] = nanos;
        }
    }

    /** The virtual thread mounted at {@code nanos}, or null: none was, or that part of the log is overwritten. */
    Thread mountedAt(long nanos) {
        long n = count;
        long oldest = Math.max(0, n - SEARCHED);
        long lo = oldest;
        long hi = n - 1;
        long found = -1;
        while (lo <= hi) { // the last entry mounted at or before nanos; mount times only grow
            long mid = (lo + hi) >>> 1;
            if (mounted[(int) mid & MASK] <= nanos) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) {
            return null;
        }
        int slot = (int) found & MASK;
        Thread thread = threads[slot];
        long end = unmounted[slot];
        if (found + 1 < n) {
            end = Math.min(end, mounted[(int) (found + 1) & MASK]); // an unmount that threw left no time
        }
        VarHandle.loadLoadFence();
        if (count >= oldest + CAPACITY) {
            return null; // the carrier may have come round to a slot read here
        }
        return nanos <= end ? thread : null;
    }
}
