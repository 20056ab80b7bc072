package io.netjfr.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JavaThreadsTest {

    private static final String JDK17 = String.join("\n",
            "\"main\" #1 prio=5 os_prio=0 cpu=899.27ms elapsed=1.24s tid=0x00007f1804018020 nid=0xafc waiting on condition  [0x00007f1809d1d000]",
            "   java.lang.Thread.State: TIMED_WAITING (sleeping)",
            "\"Reference Handler\" #2 daemon prio=10 os_prio=0 cpu=0.62ms elapsed=1.22s tid=0x00007f18040f6270 nid=0xb03 waiting on condition  [0x00007f1803ffe000]",
            "\"GC Thread#0\" os_prio=0 cpu=9.04ms elapsed=1.24s tid=0x00007f1804041710 nid=0xafd runnable  ",
            "\"we\"ird\" #42 name\" #7 prio=5 os_prio=0 cpu=1.00ms elapsed=1.00s tid=0x00007f1804000000 nid=0x10 runnable");

    private static final String JDK25 = String.join("\n",
            "\"main\" #3 [2849] prio=5 os_prio=0 cpu=1308.16ms elapsed=1.79s tid=0x00007fdd4802aa70 nid=2849 waiting on condition  [0x00007fdd4cd1e000]",
            "\"Reference Handler\" #12 [2858] daemon prio=10 os_prio=0 cpu=1.04ms elapsed=1.70s tid=0x00007fdd480b4650 nid=2858 waiting on condition  [0x00007fdd28be8000]",
            "\"VM Thread\" os_prio=0 cpu=2.61ms elapsed=1.71s tid=0x00007fdd480a7f90 nid=2857 runnable  ",
            "\"no-nid\" #77 [4242] prio=5 os_prio=0 runnable");

    @Test
    void parsesJdk17Lines() {
        Map<Integer, Long> m = JavaThreads.parseThreadDump(JDK17);
        assertEquals(Map.of(0xafc, 1L, 0xb03, 2L, 0x10, 7L), m);
    }

    @Test
    void parsesJdk25Lines() {
        Map<Integer, Long> m = JavaThreads.parseThreadDump(JDK25);
        assertEquals(Map.of(2849, 3L, 2858, 12L, 4242, 77L), m);
    }

    @Test
    void mapsRealThreads() throws Exception {
        AtomicInteger childTid = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread child = new Thread(() -> {
            try {
                childTid.set(currentTid());
            } catch (IOException e) {
                childTid.set(-1);
            }
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException ignored) {
                // exit
            }
        }, "netjfr-tid-probe");
        child.setDaemon(true);
        child.start();
        try {
            assertTrue(started.await(10, TimeUnit.SECONDS));
            assertTrue(childTid.get() > 0);
            JavaThreads threads = new JavaThreads();
            assertSame(child, threads.byOsThreadId(childTid.get()));
            assertNull(threads.byOsThreadId(999_999_999));
            assertSame(Thread.currentThread(), threads.byOsThreadId(currentTid()));
            assertSame(child, threads.byOsThreadId(childTid.get()));
        } finally {
            release.countDown();
            child.join(10_000);
        }
    }

    private static int currentTid() throws IOException {
        String link = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString(); // "<pid>/task/<tid>"
        return Integer.parseInt(link.substring(link.lastIndexOf('/') + 1));
    }
}
