package io.netjfr.protocol;

import java.util.function.Consumer;

/**
 * Values by long key (a kernel socket address), at most {@code capacity} of them: a new key
 * beyond that drops the least recently used entry (put or get) first. Open addressing on
 * the primitive key, because the drain thread looks a connection up for every record and a
 * boxed {@code Long} per lookup showed in its profile. Not thread-safe.
 */
final class LruLongMap<V> {
    private static final int MIN_SLOTS = 256;

    private static final class Node<V> {
        final long key;
        V value;
        Node<V> older;
        Node<V> newer;

        Node(long key, V value) {
            this.key = key;
            this.value = value;
        }
    }

    private final int capacity;
    private final Consumer<V> dropped;
    private Node<V>[] slots; // linear probing; at most half full
    private int size;
    private Node<V> oldest;
    private Node<V> newest;

    /** {@code dropped} sees each value that makes room for a new key. */
    LruLongMap(int capacity, Consumer<V> dropped) {
        this.capacity = capacity;
        this.dropped = dropped;
        this.slots = newSlots(MIN_SLOTS);
    }

    /** The value of {@code key}, now the most recently used; null when absent. */
    V get(long key) {
        Node<V> n = slots[find(key)];
        if (n == null) {
            return null;
        }
        touch(n);
        return n.value;
    }

    /** Maps {@code key} to {@code value} (the most recently used now), dropping the eldest when full. */
    void put(long key, V value) {
        int i = find(key);
        Node<V> n = slots[i];
        if (n != null) {
            n.value = value;
            touch(n);
            return;
        }
        if (size == capacity) {
            V eldest = oldest.value;
            remove(oldest.key);
            dropped.accept(eldest);
            i = find(key);
        } else if (2 * (size + 1) > slots.length) {
            grow();
            i = find(key);
        }
        n = new Node<>(key, value);
        slots[i] = n;
        size++;
        link(n);
    }

    /** Removes {@code key}; returns its value, or null when absent. */
    V remove(long key) {
        int i = find(key);
        Node<V> n = slots[i];
        if (n == null) {
            return null;
        }
        unlink(n);
        size--;
        slots[i] = null;
        // backward shift: later entries of the probe run move up so no lookup stops early
        int mask = slots.length - 1;
        for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int home = home(slots[j].key);
            if (((j - home) & mask) >= ((j - i) & mask)) {
                slots[i] = slots[j];
                slots[j] = null;
                i = j;
            }
        }
        return n.value;
    }

    int size() {
        return size;
    }

    /** Every value, least recently used first. */
    void forEach(Consumer<V> action) {
        for (Node<V> n = oldest; n != null; n = n.newer) {
            action.accept(n.value);
        }
    }

    /** The slot of {@code key}, or the empty slot where it would go. */
    private int find(long key) {
        int mask = slots.length - 1;
        int i = home(key);
        for (Node<V> n = slots[i]; n != null && n.key != key; n = slots[i]) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private int home(long key) {
        // Fibonacci hashing: socket addresses are aligned and share their high bits
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - Integer.numberOfTrailingZeros(slots.length)));
    }

    private void grow() {
        Node<V>[] old = slots;
        slots = newSlots(old.length * 2);
        for (Node<V> n : old) {
            if (n != null) {
                slots[find(n.key)] = n;
            }
        }
    }

    private void touch(Node<V> n) {
        if (n != newest) {
            unlink(n);
            link(n);
        }
    }

    private void link(Node<V> n) {
        n.older = newest;
        n.newer = null;
        if (newest != null) {
            newest.newer = n;
        } else {
            oldest = n;
        }
        newest = n;
    }

    private void unlink(Node<V> n) {
        if (n.older != null) {
            n.older.newer = n.newer;
        } else {
            oldest = n.newer;
        }
        if (n.newer != null) {
            n.newer.older = n.older;
        } else {
            newest = n.older;
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> Node<V>[] newSlots(int n) {
        return (Node<V>[]) new Node<?>[n];
    }
}
