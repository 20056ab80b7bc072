package io.netjfr.summary;

import io.netjfr.record.Addresses;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A row of the kernel's HTTP summaries, decoded (SummaryLayout). The kernel counts what it
 * must (struct summary_value): the exchanges not recorded are those less the recorded ones;
 * the timed ones are the sum of the histogram's buckets (32-bit counters), per period.
 */
record SummaryRow(Key key, long exchanges, long unrecorded, long bytes, long maxNanos, long[] buckets) {
    /** What a row counts: one process's exchanges with one peer, by method and status class. */
    record Key(int hostPid, boolean client, String peer, int port, String method, String statusClass) {
    }

    static SummaryRow decode(byte[] key, byte[] value) {
        ByteBuffer k = ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer v = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        int method = k.get(SummaryLayout.KEY_METHOD) & 0xff;
        int status = k.get(SummaryLayout.KEY_STATUS_CLASS) & 0xff;
        Key id = new Key(k.getInt(SummaryLayout.KEY_HOST_PID), k.get(SummaryLayout.KEY_CLIENT) != 0,
                Addresses.format(k.get(SummaryLayout.KEY_FAMILY) & 0xff, Arrays.copyOfRange(key, SummaryLayout.KEY_PEER, SummaryLayout.KEY_PEER + 16)),
                k.getShort(SummaryLayout.KEY_PORT) & 0xffff, method < SummaryLayout.METHODS.size() ? SummaryLayout.METHODS.get(method) : "OTHER",
                status == 0 ? "" : status + "xx");
        long[] buckets = new long[SummaryLayout.BUCKETS];
        for (int i = 0; i < SummaryLayout.BUCKETS; i++) {
            buckets[i] = v.getInt(SummaryLayout.VALUE_BUCKETS + 4 * i) & 0xffffffffL;
        }
        long exchanges = v.getLong(SummaryLayout.VALUE_EXCHANGES);
        return new SummaryRow(id, exchanges, exchanges - v.getLong(SummaryLayout.VALUE_RECORDED), v.getLong(SummaryLayout.VALUE_BYTES),
                v.getLong(SummaryLayout.VALUE_MAX_NS), buckets);
    }

    /**
     * The upper bound of bucket i in nanoseconds: two buckets per power of two of
     * microseconds. The kernel counts whole microseconds, so bucket 0 holds all under 2 µs
     * (and bucket 1 nothing).
     */
    static long bucketUpperNanos(int i) {
        long octave = 1L << (i / 2);
        return (i % 2 == 0 ? octave + Math.max(octave / 2, 1) : 2 * octave) * 1000 - 1;
    }
}
