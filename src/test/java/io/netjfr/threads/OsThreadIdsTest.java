package io.netjfr.threads;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** HotSpot's own record of a thread's tid, against what the kernel says on that thread. */
class OsThreadIdsTest {
    private final OsThreadIds ids = OsThreadIds.open();

    @Test
    void readsTheTidOfAnotherLiveThread() throws Exception {
        AtomicInteger own = new AtomicInteger();
        CountDownLatch known = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                own.set(OsThreadIds.currentTid());
                known.countDown();
                done.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        known.await();
        assertEquals(own.get(), ids.of(t));
        done.countDown();
        t.join();
        assertEquals(0, ids.of(t), "an ended thread has none");
        assertEquals(0, ids.of(new Thread(() -> { })), "nor one not started");
    }

    @Test
    void readsTheCurrentThreadsTid() throws Exception {
        assertEquals(OsThreadIds.currentTid(), ids.of(Thread.currentThread()));
    }
}
