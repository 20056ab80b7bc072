package io.netjfr.bpf;

import java.util.List;

/**
 * Where a consumer's records come from: the kernel directly ({@link Engine}), or the node
 * daemon's ring for this process. Records go to the handler given when it started.
 */
public interface RecordSource extends AutoCloseable {
    /** Per hook, in hook order: the mode in use (null when none) and the failures of better modes. */
    List<Engine.HookState> hooks();

    /** Kernel-side counters of {@code hook}: events that passed the filter, and those lost to a full ring. */
    Engine.Counters counters(Hook hook);

    /**
     * Applies what this consumer's recordings want now in the kernel, from the next record
     * on, without reloading anything.
     */
    void apply(LiveSettings settings);

    /**
     * The rows (key and value) of the kernel's summary map {@code map} ("summaries",
     * "icmp_summaries") of this consumer's processes, at most {@code limit}; empty where the
     * map is not loaded.
     */
    List<byte[][]> summaryRows(String map, int keySize, int valueSize, int limit);

    /** Hands what the kernel has committed so far to the handler, on the caller's thread; returns how many. */
    int drainNow();

    /** Detaches (or disconnects), then hands on what is left; never throws. */
    @Override
    void close();
}
