package io.netjfr.threads;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Which Java thread an OS thread of this JVM was at a given moment. Learned as threads
 * start (and by a scan of the threads that were already there), kept after a thread ended
 * until its packets have surely been handled ({@value #KEEP_ENDED_NANOS} ns), and for a
 * carrier thread, which virtual thread it ran at that moment ({@link MountLog}).
 *
 * <p>The thread callbacks may run on any thread, {@link #sender} and {@link #drained} on
 * the drain thread only.
 */
public final class SenderThreads {
    /** How long an ended thread stays known: records reach the drain thread within milliseconds. */
    static final long KEEP_ENDED_NANOS = 2_000_000_000L;
    /**
     * A record from a tid nobody knows waits at most this long for threads whose start began
     * before it was sent: a new thread may send before the thread that started it, descheduled
     * right after creating it, has told us its tid.
     */
    static final long STARTING_WAIT_NANOS = 20_000_000L;
    /** Longer than any start: an entry this old is a start that failed (no OS thread). */
    static final long STARTING_STALE_NANOS = 1_000_000_000L;
    /** A tid nobody knows triggers a scan of the live threads at most this often (JNI-attached threads). */
    static final long RESCAN_INTERVAL_NANOS = 1_000_000_000L;

    /** The Java thread that sent, and the carrier it ran on when it is a virtual thread (else null). */
    public record Sender(Thread javaThread, Thread carrier) {
    }

    /** One Java thread that had a tid; older owners of a reused tid hang off {@code previous}. */
    private static final class Owner {
        final int tid;
        final Thread thread;
        volatile Owner previous;
        volatile long endNanos = Long.MAX_VALUE;
        volatile MountLog mounts;

        Owner(int tid, Thread thread, Owner previous) {
            this.tid = tid;
            this.thread = thread;
            this.previous = previous;
        }
    }

    private final OsThreadIds tids;
    private final Map<Integer, Owner> owners = new ConcurrentHashMap<>();
    private final Map<Thread, MountLog> carriers = new ConcurrentHashMap<>();
    private final Queue<Owner> ended = new ConcurrentLinkedQueue<>();
    /** Threads between the start of Thread.start0 and the started call, with when they began. */
    private final Map<Thread, Long> starting = new ConcurrentHashMap<>();
    private volatile Runnable beforeExit;
    private long lastScanNanos;

    SenderThreads(OsThreadIds tids) {
        this.tids = tids;
    }

    /** The sender of a record from {@code tid} of this JVM, stamped {@code kernelNanos}; null when unknown. */
    public Sender sender(int tid, long kernelNanos) {
        Owner o = owners.get(tid);
        if (o == null) {
            o = awaitStarts(tid, kernelNanos);
        }
        if (o == null) {
            long now = System.nanoTime();
            if (now - lastScanNanos < RESCAN_INTERVAL_NANOS) {
                return null;
            }
            lastScanNanos = now;
            scan();
            o = owners.get(tid);
        }
        Owner match = null;
        for (; o != null && o.endNanos >= kernelNanos; o = o.previous) {
            match = o; // newest first: the oldest owner that had not ended yet sent it
        }
        if (match == null) {
            return null;
        }
        MountLog log = match.mounts;
        Thread virtual = log == null ? null : log.mountedAt(kernelNanos);
        return virtual != null ? new Sender(virtual, match.thread) : new Sender(match.thread, null);
    }

    /** The owner of {@code tid} once the starts begun before {@code kernelNanos} are through; null if none has it. */
    private Owner awaitStarts(int tid, long kernelNanos) {
        long deadline = System.nanoTime() + STARTING_WAIT_NANOS;
        while (startedBefore(kernelNanos) && System.nanoTime() < deadline) {
            Thread.yield();
            Owner o = owners.get(tid);
            if (o != null) {
                return o;
            }
        }
        return owners.get(tid);
    }

    private boolean startedBefore(long nanos) {
        for (long since : starting.values()) {
            if (since <= nanos) {
                return true;
            }
        }
        return false;
    }

    /** After each drain: forgets threads that ended long enough ago, and starts that failed. */
    public void drained() {
        long now = System.nanoTime();
        starting.values().removeIf(since -> now - since > STARTING_STALE_NANOS);
        long cutoff = now - KEEP_ENDED_NANOS;
        for (Owner o = ended.peek(); o != null && o.endNanos < cutoff; o = ended.peek()) {
            ended.poll();
            forget(o);
        }
    }

    /**
     * Runs {@code action} on every platform thread about to exit (null: nothing). The agent
     * hands its records over there on JDKs whose recordings cannot name a thread that ended.
     */
    public void beforeExit(Runnable action) {
        beforeExit = action;
    }

    void starting(Thread thread) {
        starting.put(thread, System.nanoTime());
    }

    void started(Thread thread) {
        int tid = tids.of(thread);
        if (tid > 0) {
            register(tid, thread);
        }
        starting.remove(thread);
    }

    /**
     * The owner of {@code tid} for {@code thread}: the current one when it is that thread (a
     * scan, a start and a first mount may meet), else a new one in front of the older owners.
     */
    private Owner register(int tid, Thread thread) {
        return owners.compute(tid, (k, head) -> {
            if (head != null && head.thread == thread) {
                return head;
            }
            if (head != null && head.endNanos == Long.MAX_VALUE && !head.thread.isAlive()) {
                head.endNanos = System.nanoTime(); // it ended unseen (no exit call): its tid is someone else's now
            }
            return new Owner(tid, thread, head);
        });
    }

    void exiting(Thread thread) {
        Runnable action = beforeExit;
        if (action != null) {
            action.run();
        }
        carriers.remove(thread);
        Owner o = owners.get(tids.of(thread));
        if (o != null && o.thread == thread) {
            o.endNanos = System.nanoTime();
            ended.add(o);
        }
    }

    void mounting(Thread virtualThread) {
        Thread carrier = Thread.currentThread();
        MountLog log = carriers.get(carrier);
        if (log == null) {
            log = carrierLog(carrier);
        }
        log.mount(virtualThread, System.nanoTime());
    }

    void unmounted(Thread virtualThread) {
        MountLog log = carriers.get(Thread.currentThread());
        if (log != null) {
            log.unmount(virtualThread, System.nanoTime());
        }
    }

    /** Adds every live platform thread this registry does not know yet. */
    void scan() {
        for (Thread t : liveThreads()) {
            int tid = tids.of(t);
            if (tid > 0) {
                register(tid, t);
            }
        }
    }

    /** The first mount on {@code carrier} (the current thread): its log, found through its owner from then on. */
    private MountLog carrierLog(Thread carrier) {
        int tid = tids.of(carrier);
        MountLog log = new MountLog();
        if (tid > 0) {
            register(tid, carrier).mounts = log;
        }
        carriers.put(carrier, log);
        return log;
    }

    /** Unlinks {@code o}, which ended, and every older owner of its tid. */
    private void forget(Owner o) {
        owners.computeIfPresent(o.tid, (tid, head) -> {
            if (head == o) {
                return null;
            }
            for (Owner newer = head; newer != null; newer = newer.previous) {
                if (newer.previous == o) {
                    newer.previous = null;
                }
            }
            return head;
        });
    }

    private static Thread[] liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[Math.max(16, root.activeCount() * 2)];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        Thread[] result = new Thread[n];
        System.arraycopy(threads, 0, result, 0, n);
        return result;
    }
}
