package io.netjfr.summary;

import io.netjfr.record.Addresses;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * A row of the kernel's HTTP summaries: struct summary_key and struct summary_value
 * (bpf/netjfr.h), offsets checked against the BTF by RecordLayoutTest.
 */
record SummaryRow(Key key, long exchanges, long unrecorded, long bytes, long timed, long maxNanos, long[] buckets) {
    public static final int KEY_HOST_PID = 0;
    public static final int KEY_CLIENT = 4;
    public static final int KEY_FAMILY = 5;
    public static final int KEY_METHOD = 6;
    public static final int KEY_STATUS_CLASS = 7;
    public static final int KEY_PORT = 8;
    public static final int KEY_PEER = 12;
    public static final int KEY_SIZE = 28;
    public static final int VALUE_EXCHANGES = 0;
    public static final int VALUE_UNRECORDED = 8;
    public static final int VALUE_BYTES = 16;
    public static final int VALUE_TIMED = 24;
    public static final int VALUE_MAX_NS = 32;
    public static final int VALUE_BUCKETS = 40;
    public static final int BUCKETS = 64;
    public static final int VALUE_SIZE = VALUE_BUCKETS + 4 * BUCKETS;
    /** MAX_SUMMARIES: the map's rows. */
    public static final int MAX_ROWS = 4096;
    /** enum http_method, by value. */
    static final List<String> METHODS = List.of("OTHER", "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
            "CONNECT", "TRACE");

    /** What a row counts: one process's exchanges with one peer, by method and status class. */
    record Key(int hostPid, boolean client, String peer, int port, String method, String statusClass) {
    }

    static SummaryRow decode(byte[] key, byte[] value) {
        ByteBuffer k = ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer v = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        int method = k.get(KEY_METHOD) & 0xff;
        int status = k.get(KEY_STATUS_CLASS) & 0xff;
        Key id = new Key(k.getInt(KEY_HOST_PID), k.get(KEY_CLIENT) != 0,
                Addresses.format(k.get(KEY_FAMILY) & 0xff, Arrays.copyOfRange(key, KEY_PEER, KEY_PEER + 16)),
                k.getShort(KEY_PORT) & 0xffff, method < METHODS.size() ? METHODS.get(method) : "OTHER",
                status == 0 ? "" : status + "xx");
        long[] buckets = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = v.getInt(VALUE_BUCKETS + 4 * i) & 0xffffffffL;
        }
        return new SummaryRow(id, v.getLong(VALUE_EXCHANGES), v.getLong(VALUE_UNRECORDED), v.getLong(VALUE_BYTES),
                v.getLong(VALUE_TIMED), v.getLong(VALUE_MAX_NS), buckets);
    }

    /** The upper bound of bucket i in nanoseconds: two buckets per power of two of microseconds. */
    static long bucketUpperNanos(int i) {
        long octave = 1L << (i / 2);
        return (i % 2 == 0 ? octave + octave / 2 : 2 * octave) * 1000 - 1;
    }
}
