package io.netjfr.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * When a capture ends: after its duration, or on SIGINT/SIGTERM. The shutdown hook only
 * wakes the main thread and then waits (up to {@link #CLEANUP}) until it has finished
 * cleaning up (engine closed, file complete), so a signal never cuts a file short.
 */
final class StopSignal implements AutoCloseable {
    static final Duration CLEANUP = Duration.ofSeconds(30);

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook = new Thread(this::onShutdown, "netjfr-shutdown");
    private volatile int exitStatus;

    StopSignal() {
        SigintDisposition.restoreIfIgnored();
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private void onShutdown() {
        stop.countDown();
        try {
            if (done.await(CLEANUP.toMillis(), TimeUnit.MILLISECONDS) && exitStatus != 0) {
                Runtime.getRuntime().halt(exitStatus); // the output is complete: nothing else to wait for
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** When a signal ends the JVM: exit with {@code status} instead of 128 + the signal's number. */
    void exitStatus(int status) {
        exitStatus = status;
    }

    /**
     * Waits until {@code duration} has passed (null: no limit), a signal arrived or
     * {@code failed} turns true (checked every second).
     */
    void await(Duration duration, BooleanSupplier failed) throws InterruptedException {
        long deadline = Long.MAX_VALUE;
        if (duration != null && duration.compareTo(Duration.ofDays(365L * 100)) < 0) {
            deadline = System.nanoTime() + duration.toNanos();
        }
        while (!failed.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || stop.await(Math.min(left, 1_000_000_000L), TimeUnit.NANOSECONDS)) {
                return;
            }
        }
    }

    /** Cleanup is done: a pending shutdown may proceed. */
    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already: the hook returns now that done is counted down
        }
    }
}
