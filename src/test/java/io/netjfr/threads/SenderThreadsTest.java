package io.netjfr.threads;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The registry driven as the instrumented thread classes drive it, on real threads. */
class SenderThreadsTest {
    private final SenderThreads senders = new SenderThreads(OsThreadIds.open());

    @Test
    void aThreadIsNamedForWhatItSentUntilItEnded() throws Exception {
        AtomicInteger tid = new AtomicInteger();
        long[] sent = new long[1];
        Thread t = new Thread(() -> {
            try {
                tid.set(OsThreadIds.currentTid());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            sent[0] = System.nanoTime();
            senders.exiting(Thread.currentThread());
        }, "short-lived");
        synchronized (t) { // as in Thread.start
            t.start();
            senders.started(t);
        }
        t.join();
        long afterEnd = System.nanoTime();
        assertSame(t, senders.sender(tid.get(), sent[0]).javaThread(), "named after it ended");
        assertNull(senders.sender(tid.get(), sent[0]).carrier());
        assertNull(senders.sender(tid.get(), afterEnd), "not for what its tid sent later");
        senders.drained();
        assertSame(t, senders.sender(tid.get(), sent[0]).javaThread(), "kept a while");
    }

    @Test
    void aCarrierNamesTheVirtualThreadItRan() throws Exception {
        Thread virtual = new Thread(() -> { }, "stands-for-a-virtual-thread");
        AtomicInteger tid = new AtomicInteger();
        long[] times = new long[3];
        CountDownLatch done = new CountDownLatch(1);
        Thread carrier = new Thread(() -> {
            try {
                tid.set(OsThreadIds.currentTid());
                senders.mounting(virtual);
                times[0] = System.nanoTime();
                senders.unmounted(virtual);
                times[1] = System.nanoTime();
                done.countDown();
                Thread.sleep(100_000);
            } catch (Exception e) {
                // interrupted: done
            }
        }, "carrier");
        carrier.setDaemon(true);
        carrier.start();
        done.await();
        SenderThreads.Sender s = senders.sender(tid.get(), times[0]);
        assertSame(virtual, s.javaThread());
        assertSame(carrier, s.carrier());
        assertSame(carrier, senders.sender(tid.get(), times[1]).javaThread(), "the carrier itself after the unmount");
        assertNull(senders.sender(tid.get(), times[1]).carrier());
        carrier.interrupt();
    }

    /** A scan, a start and a first mount may each register a carrier (attach: carriers that ran before). */
    @Test
    void aThreadRegisteredTwiceIsOneOwner() throws Exception {
        Thread virtual = new Thread(() -> { }, "stands-for-a-virtual-thread");
        AtomicInteger tid = new AtomicInteger();
        long[] sent = new long[1];
        Thread carrier = new Thread(() -> {
            try {
                tid.set(OsThreadIds.currentTid());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            senders.scan();
            senders.started(Thread.currentThread());
            senders.mounting(virtual);
            sent[0] = System.nanoTime();
            senders.unmounted(virtual);
        }, "carrier");
        carrier.start();
        carrier.join();
        assertSame(virtual, senders.sender(tid.get(), sent[0]).javaThread());
    }

    @Test
    void threadsThatRanBeforeAreFoundByTheScan() throws Exception {
        senders.scan();
        assertEquals(Thread.currentThread(), senders.sender(OsThreadIds.currentTid(), System.nanoTime()).javaThread());
    }
}
