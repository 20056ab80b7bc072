package io.netjfr.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class AddressCacheTest {
    private final AddressCache cache = new AddressCache();

    private static ByteBuffer field(int... bytes) {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < bytes.length; i++) {
            b.put(8 + i, (byte) bytes[i]);
        }
        return b;
    }

    @Test
    void repeatedAddressIsOneString() {
        String first = cache.get(field(127, 0, 0, 1), Addresses.AF_INET, 8);
        String again = cache.get(field(127, 0, 0, 1), Addresses.AF_INET, 8);
        assertEquals("127.0.0.1", first);
        assertSame(first, again);
    }

    @Test
    void ipv4IgnoresTheUnsetRestOfTheField() {
        String clean = cache.get(field(10, 1, 2, 3), Addresses.AF_INET, 8);
        String garbage = cache.get(field(10, 1, 2, 3, 0xde, 0xad, 0xbe, 0xef), Addresses.AF_INET, 8);
        assertSame(clean, garbage);
    }

    @Test
    void familiesAndCollisionsStayApart() {
        assertEquals("::1", cache.get(field(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), Addresses.AF_INET6, 8));
        assertEquals("0.0.0.0", cache.get(field(), Addresses.AF_INET, 8));
        assertEquals("::", cache.get(field(), Addresses.AF_INET6, 8));
        for (int i = 0; i < 5000; i++) { // more than the cache holds: evictions still give the right text
            int a = i >> 8;
            int b = i & 0xff;
            assertEquals("192.168." + a + "." + b, cache.get(field(192, 168, a, b), Addresses.AF_INET, 8));
        }
        assertEquals("127.0.0.1", cache.get(field(127, 0, 0, 1), Addresses.AF_INET, 8));
    }
}
