package io.netjfr.threads;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class MountLogTest {
    private final Thread a = new Thread(() -> { }, "a");
    private final Thread b = new Thread(() -> { }, "b");

    @Test
    void namesTheThreadMountedAtATime() {
        MountLog log = new MountLog();
        log.mount(a, 100);
        log.unmount(a, 200);
        log.mount(b, 300);
        assertNull(log.mountedAt(50), "before any mount");
        assertSame(a, log.mountedAt(100));
        assertSame(a, log.mountedAt(200));
        assertNull(log.mountedAt(250), "between two: the carrier itself");
        assertSame(b, log.mountedAt(300));
        assertSame(b, log.mountedAt(Long.MAX_VALUE - 1), "still mounted");
    }

    @Test
    void anUnmountThatLeftNoTimeEndsAtTheNextMount() {
        MountLog log = new MountLog();
        log.mount(a, 100);
        log.mount(b, 300); // a's unmount threw
        assertSame(a, log.mountedAt(299));
        assertSame(b, log.mountedAt(301));
    }

    @Test
    void forgetsWhatWasOverwritten() {
        MountLog log = new MountLog();
        for (int i = 0; i < 3 * MountLog.CAPACITY; i++) {
            log.mount(i % 2 == 0 ? a : b, 10L * i);
            log.unmount(i % 2 == 0 ? a : b, 10L * i + 5);
        }
        long last = 10L * (3 * MountLog.CAPACITY - 1);
        assertSame(b, log.mountedAt(last + 1));
        assertSame(a, log.mountedAt(last - 10));
        assertNull(log.mountedAt(last - 10L * MountLog.SEARCHED - 10), "older than what a lookup searches");
        assertNull(log.mountedAt(0));
    }
}
