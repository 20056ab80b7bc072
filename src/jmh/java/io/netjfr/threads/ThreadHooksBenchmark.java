package io.netjfr.threads;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What the instrumented thread classes add, call by call, on live threads (the benchmark
 * thread plays the started thread and the carrier): a platform thread's start and exit
 * (starting, started, exiting, with the registry's upkeep), a virtual thread's mount and
 * unmount, and the drain thread's lookup of a carrier's record. scripts/bench's threads
 * section measures the same end to end, with and without the agent.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED"})
@State(Scope.Thread)
public class ThreadHooksBenchmark {
    private final OsThreadIds tids = OsThreadIds.open();
    private SenderThreads senders;
    private final Thread virtualThread = new Thread(() -> { }, "stands-for-a-virtual-thread");
    private int tid;

    @Setup
    public void setUp() throws Exception {
        senders = new SenderThreads(tids);
        tid = OsThreadIds.currentTid();
        senders.mounting(virtualThread); // the carrier's log exists, as after its first mount
        senders.unmounted(virtualThread);
    }

    /** A registry per call of startAndExit: one thread per tid, as with real threads (the kernel does not reuse tids soon). */
    @State(Scope.Thread)
    public static class Fresh {
        private final OsThreadIds tids = OsThreadIds.open();
        SenderThreads senders;

        @Setup(Level.Invocation)
        public void setUp() {
            senders = new SenderThreads(tids);
        }
    }

    @Benchmark
    public void startAndExit(Fresh fresh) {
        Thread t = Thread.currentThread();
        fresh.senders.starting(t);
        fresh.senders.started(t);
        fresh.senders.exiting(t);
    }

    @Benchmark
    public void mountAndUnmount() {
        senders.mounting(virtualThread);
        senders.unmounted(virtualThread);
    }

    @Benchmark
    public SenderThreads.Sender lookup() {
        return senders.sender(tid, System.nanoTime());
    }
}
