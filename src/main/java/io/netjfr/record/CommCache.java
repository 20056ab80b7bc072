package io.netjfr.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A 16-byte comm field (NUL padded) -> String, without allocating for names seen before:
 * direct mapped on the two words of the field; a collision only costs a new String.
 */
final class CommCache {
    private static final int SLOTS = 512;

    private final long[] low = new long[SLOTS];
    private final long[] high = new long[SLOTS];
    private final String[] names = new String[SLOTS];

    /** The comm at {@code at} in a little-endian buffer. */
    String get(ByteBuffer b, int at) {
        long lo = b.getLong(at);
        long hi = b.getLong(at + 8);
        int slot = (int) ((lo * 0x9E3779B97F4A7C15L ^ hi) >>> 55) & (SLOTS - 1);
        String name = names[slot];
        if (name != null && low[slot] == lo && high[slot] == hi) {
            return name;
        }
        byte[] bytes = new byte[16];
        b.get(at, bytes, 0, 16);
        int n = 0;
        while (n < 16 && bytes[n] != 0) {
            n++;
        }
        name = new String(bytes, 0, n, StandardCharsets.UTF_8);
        low[slot] = lo;
        high[slot] = hi;
        names[slot] = name;
        return name;
    }
}
