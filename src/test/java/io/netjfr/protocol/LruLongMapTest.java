package io.netjfr.protocol;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LruLongMapTest {

    /**
     * Random puts, gets and removes agree with an access-ordered LinkedHashMap of the same
     * bound: values, sizes, what is dropped and the order of what is left. Keys look like
     * socket addresses (aligned, few distinct), so probe runs collide, wrap and shift.
     */
    @Test
    void behavesAsAnAccessOrderedLinkedHashMap() {
        for (int capacity : new int[] {1, 7, 300}) {
            Random random = new Random(capacity);
            List<String> dropped = new ArrayList<>();
            List<String> droppedByReference = new ArrayList<>();
            LruLongMap<String> map = new LruLongMap<>(capacity, dropped::add);
            Map<Long, String> reference = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
                    if (size() > capacity) {
                        droppedByReference.add(eldest.getValue());
                        return true;
                    }
                    return false;
                }
            };
            for (int op = 0; op < 200_000; op++) {
                long key = 0xffff_8880_0000_0000L + 64L * random.nextInt(2 * capacity + 3);
                int what = random.nextInt(10);
                if (what < 4) {
                    String value = "v" + op;
                    map.put(key, value);
                    reference.put(key, value);
                } else if (what < 8) {
                    assertEquals(reference.get(key), map.get(key), "get " + key);
                } else {
                    assertEquals(reference.remove(key), map.remove(key), "remove " + key);
                }
                assertEquals(reference.size(), map.size());
            }
            assertEquals(droppedByReference, dropped);
            List<String> left = new ArrayList<>();
            map.forEach(left::add);
            assertEquals(new ArrayList<>(reference.values()), left);
        }
    }
}
