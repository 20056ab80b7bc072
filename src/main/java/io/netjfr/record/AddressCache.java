package io.netjfr.record;

import java.nio.ByteBuffer;

/**
 * Text of the addresses in records, built once per distinct address: a direct-mapped
 * cache keyed by the family and the 16 address bytes (4 for IPv4; the kernel leaves the
 * rest of an IPv4 field unset). Bounded; not thread-safe.
 */
final class AddressCache {
    private static final int SIZE = 1024;

    private final long[] high = new long[SIZE];
    private final long[] low = new long[SIZE];
    private final int[] families = new int[SIZE];
    private final String[] texts = new String[SIZE];
    private final byte[] scratch = new byte[16];

    /** The text of the address of {@code family} at {@code b[at..at+16)}. */
    String get(ByteBuffer b, int family, int at) {
        boolean v4 = family == Addresses.AF_INET;
        long h = v4 ? b.getInt(at) & 0xffffffffL : b.getLong(at);
        long l = v4 ? 0 : b.getLong(at + 8);
        long mix = (h * 0x9E3779B97F4A7C15L) ^ (l * 0xC2B2AE3D27D4EB4FL) ^ family;
        int slot = (int) (mix ^ (mix >>> 29)) & (SIZE - 1);
        String text = texts[slot];
        if (text != null && high[slot] == h && low[slot] == l && families[slot] == family) {
            return text;
        }
        java.util.Arrays.fill(scratch, (byte) 0);
        b.get(at, scratch, 0, v4 ? 4 : 16);
        text = Addresses.format(family, scratch);
        high[slot] = h;
        low[slot] = l;
        families[slot] = family;
        texts[slot] = text;
        return text;
    }
}
