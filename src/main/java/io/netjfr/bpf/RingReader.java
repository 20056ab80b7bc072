package io.netjfr.bpf;

import java.util.concurrent.locks.LockSupport;

/**
 * A drain thread over one ring buffer that hands every record to a {@link RecordHandler}:
 * the engine's own ring, or a ring the node daemon passed to this process.
 *
 * <p>Wake-ups decide the cost, so the drain thread has two states. Idle (the ring was
 * empty): it sleeps in epoll until the kernel signals the first record committed after
 * that, which costs the kernel one wake-up per idle period, not one per record. Busy (the
 * last drain found records): it drains again on a 1 ms grid ({@value #BUSY_DRAIN_NANOS} ns)
 * without waiting in epoll, and leaves consumer_pos one record behind so the kernel does
 * not signal at all; a record waits about half a millisecond, and there are at most ~1000
 * wake-ups/s whatever the rate. A consumer that needs no such latency may let the period
 * grow ({@link #busyDrainPeriod}) until a drain finds ~{@value #DRAIN_TARGET} records.
 */
public final class RingReader {
    /** While busy: time between drains, unless {@link #busyDrainPeriod} set another. */
    static final long BUSY_DRAIN_NANOS = 1_000_000L;
    /**
     * While idle: longest sleep without a signal. Idle wake-ups cost a JNA call each, so they
     * are rare; a shorter one while the decoder waits for the rest of an HTTP head (it emits
     * what it has after 200 ms).
     */
    static final int IDLE_WAIT_MILLIS = 1000;
    static final int IDLE_WAIT_PENDING_MILLIS = 100;
    /** Most records handed on per drain. */
    static final int DRAIN_BATCH = 16384;
    /** Records a drain should find when the period may grow beyond {@link #BUSY_DRAIN_NANOS}. */
    static final int DRAIN_TARGET = 1000;

    private final RingBuffer ring;
    private final int size;
    private final RecordHandler handler;
    private final Thread drainer;
    private volatile boolean running = true;
    private volatile long busyDrainNanos = BUSY_DRAIN_NANOS;
    private volatile long wakeups;
    private volatile long signalledWakeups;
    private volatile long records;
    private boolean finished;

    private RingReader(RingBuffer ring, int size, RecordHandler handler, String threadName) {
        this.ring = ring;
        this.size = size;
        this.handler = handler;
        drainer = new Thread(this::drainLoop, threadName);
        drainer.setDaemon(true);
        drainer.start();
    }

    /** Maps the ring buffer {@code fd} ({@code size} data bytes; the fd stays the caller's) and starts draining it. */
    public static RingReader start(int fd, int size, RecordHandler handler, String threadName) throws BpfException {
        return new RingReader(new RingBuffer(fd, size), size, handler, threadName);
    }

    private void drainLoop() {
        long next = System.nanoTime();
        long lastDrain = next;
        while (running) {
            long now = System.nanoTime();
            int n = drain(DRAIN_BATCH, true);
            long sinceLast = now - lastDrain;
            lastDrain = now;
            if (n == DRAIN_BATCH) {
                next = System.nanoTime();
                continue; // behind: keep going (a batch bounds the time the lock is held)
            }
            if (n > 0 || !ringEmpty()) {
                // busy: drains on a grid, so a slow drain does not stretch the period
                next += busyPeriod(n, sinceLast);
                long wait = next - System.nanoTime();
                if (wait <= 0) {
                    next = System.nanoTime();
                    continue;
                }
                LockSupport.parkNanos(wait);
            } else {
                if (ring.await(handler.pending() ? IDLE_WAIT_PENDING_MILLIS : IDLE_WAIT_MILLIS)) {
                    signalledWakeups++;
                }
                next = System.nanoTime();
            }
            wakeups++;
        }
    }

    /**
     * The next busy period: the time in which records came at the rate of the last drain
     * ({@code records} in {@code sinceLast}) to make ~{@value #DRAIN_TARGET}, between 1 ms and
     * {@link #busyDrainPeriod}. At a high rate it stays 1 ms: a drain thread that wakes
     * often and briefly gets the CPU at once on a loaded machine, where one that works
     * longer per wake-up waits its turn (`watch` lost records at 1 M/s with 10 ms drains).
     */
    private long busyPeriod(int records, long sinceLast) {
        long max = busyDrainNanos;
        if (max <= BUSY_DRAIN_NANOS || records == 0) {
            return BUSY_DRAIN_NANOS;
        }
        return Math.max(BUSY_DRAIN_NANOS, Math.min(max, sinceLast / records * DRAIN_TARGET));
    }

    /**
     * While records keep coming slower than ~{@value #DRAIN_TARGET} per millisecond, drains
     * up to every {@code nanos} instead: for a consumer that needs no low latency, fewer
     * wake-ups, each of which costs the drain thread ~10 µs of CPU on a busy machine.
     */
    public void busyDrainPeriod(long nanos) {
        busyDrainNanos = nanos;
    }

    /** Times the drain thread woke up: signalled by the kernel, timed while busy, or idle timeouts. */
    public long wakeups() {
        return wakeups;
    }

    /** Of {@link #wakeups()}, those the kernel signalled (first record after the ring was empty). */
    public long signalledWakeups() {
        return signalledWakeups;
    }

    /** Records handed to the handler so far. */
    public long records() {
        return records;
    }

    /**
     * Hands what the kernel has committed so far to the handler, on the caller's thread;
     * returns how many. Bounded by what the ring can hold, so a flood cannot keep it going.
     */
    public int drainNow() {
        return drain(size / 16, false); // the smallest record takes 16 bytes with its header
    }

    private synchronized int drain(int max, boolean holdBack) {
        return finished ? 0 : drainOnce(max, holdBack);
    }

    /** Under the lock: drainNow on a JFR thread moves the same consumer position. */
    private synchronized boolean ringEmpty() {
        return finished || ring.empty();
    }

    private int drainOnce(int max, boolean holdBack) {
        int n = 0;
        try {
            n = ring.drain(handler, max, holdBack);
            records += n;
            handler.onDrained();
        } catch (RuntimeException e) {
            System.err.println("netjfr: failed to handle a record: " + e);
        }
        return n;
    }

    /** Ends the drain thread; records stay in the ring for {@link #finish()}. */
    public void stop() {
        running = false;
        synchronized (this) {
            if (!finished) {
                ring.wakeUp(); // out of epoll now, not after the idle timeout
            }
        }
        if (Thread.currentThread() != drainer) {
            try {
                drainer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** After {@link #stop()} and once nothing writes any more: hands on what is left, then unmaps the ring. */
    public synchronized void finish() {
        if (finished) {
            return;
        }
        drainOnce(Integer.MAX_VALUE, false);
        try {
            handler.onClosed();
        } catch (RuntimeException e) {
            System.err.println("netjfr: failed to handle the last records: " + e);
        }
        ring.close();
        finished = true;
    }
}
