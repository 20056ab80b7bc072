package io.netjfr.summary;

import io.netjfr.bpf.RecordSource;

import java.util.HashMap;
import java.util.Map;

/**
 * The rows a summary read from the kernel at the end of the previous period: the kernel's
 * counters only grow, so a period is the difference. A new engine's maps start at zero, so
 * its first period is taken from nothing.
 */
final class PreviousPeriod<K, V> {
    private Map<K, V> rows = new HashMap<>();
    private RecordSource source;

    /** The rows read last from {@code current}; none when it is a new engine. */
    Map<K, V> rows(RecordSource current) {
        if (current != source) {
            rows = new HashMap<>();
            source = current;
        }
        return rows;
    }

    /** What this period read, for the next one to take its difference from. */
    void set(Map<K, V> now) {
        rows = now;
    }
}
