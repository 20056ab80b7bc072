package io.netjfr.threads;

import java.util.function.Consumer;

/**
 * The calls netjfr's instrumentation adds to {@code java.lang.Thread} (a platform thread
 * starting and started, a thread about to exit) and {@code java.lang.VirtualThread} (about to mount on
 * its carrier, unmounted from it). Never loaded under this name: {@link ThreadTracking}
 * defines a copy in java.lang ({@link ThreadInstrumenter#LIFECYCLE}, package-private), so
 * the JDK's classes can call it and nothing else can. It knows nothing but java.base; the
 * agent plugs its listeners in. A listener that throws is ignored: starting, ending or
 * mounting a thread never fails because of netjfr.
 */
final class ThreadLifecycle {
    static volatile Consumer<Thread> onStarting;
    static volatile Consumer<Thread> onStarted;
    static volatile Consumer<Thread> onExiting;
    static volatile Consumer<Thread> onMounting;
    static volatile Consumer<Thread> onUnmounted;

    private ThreadLifecycle() {
    }

    /** In Thread.start, right before the OS thread is created, under the thread's monitor. */
    static void starting(Thread thread) {
        call(onStarting, thread);
    }

    /** In Thread.start, right after the OS thread was created, under the thread's monitor. */
    static void started(Thread thread) {
        call(onStarted, thread);
    }

    /** First thing in Thread.exit, on the exiting thread. */
    static void exiting(Thread thread) {
        call(onExiting, thread);
    }

    /** First thing in VirtualThread.mount, on the carrier, before the virtual thread becomes current. */
    static void mounting(Thread virtualThread) {
        call(onMounting, virtualThread);
    }

    /** Last thing in VirtualThread.unmount, on the carrier, once it is current again. */
    static void unmounted(Thread virtualThread) {
        call(onUnmounted, virtualThread);
    }

    private static void call(Consumer<Thread> listener, Thread thread) {
        if (listener != null) {
            try {
                listener.accept(thread);
            } catch (Throwable ignored) {
                // netjfr loses this thread's attribution; the application goes on
            }
        }
    }
}
