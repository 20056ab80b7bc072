package io.netjfr.threads;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Installs thread tracking into this JVM: opens java.lang and jdk.internal.misc to netjfr
 * (what {@link OsThreadIds} reads, and where the lifecycle class goes), defines
 * {@link ThreadLifecycle} in java.lang, instruments the JDK's thread classes
 * ({@link ThreadInstrumenter}), connects the lifecycle calls to a {@link SenderThreads}
 * and scans the threads that already run. Nothing goes on the bootstrap class path (on
 * JDK 17 that prints a class-sharing warning). Costs: docs/performance.md.
 */
public final class ThreadTracking {
    private static final String[] LISTENERS = {"onStarting", "onStarted", "onExiting", "onMounting", "onUnmounted"};

    private ThreadTracking() {
    }

    /** Throws IllegalStateException saying why this JVM cannot be followed (the agent then names no Java threads). */
    public static SenderThreads install(Instrumentation inst) {
        try {
            Module own = ThreadTracking.class.getModule();
            inst.redefineModule(Object.class.getModule(), Set.of(), Map.of("jdk.internal.misc", Set.of(own)),
                    Map.of("java.lang", Set.of(own)), Set.of(), Map.of());
            OsThreadIds tids = OsThreadIds.open();
            SenderThreads senders = new SenderThreads(tids);
            Class<?> lifecycle = defineLifecycle();
            connect(lifecycle, List.of(senders::starting, senders::started, senders::exiting, senders::mounting,
                    senders::unmounted));
            try {
                instrument(inst);
            } catch (Exception | LinkageError e) {
                connect(lifecycle, Arrays.asList(new Consumer[LISTENERS.length]));
                throw e;
            }
            senders.scan(); // after the start hook is in: a thread started meanwhile is found by one or the other
            return senders;
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            throw new IllegalStateException(e.toString(), e);
        }
    }

    /** The java.lang copy of ThreadLifecycle; the one already there when an earlier load of netjfr defined it. */
    private static Class<?> defineLifecycle() throws IOException, IllegalAccessException {
        MethodHandles.Lookup javaLang = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
        String name = ThreadInstrumenter.LIFECYCLE.replace('/', '.');
        try {
            return javaLang.findClass(name);
        } catch (ClassNotFoundException e) {
            // not yet: define it
        }
        String source = ThreadLifecycle.class.getName().replace('.', '/') + ".class";
        try (InputStream in = ThreadTracking.class.getClassLoader().getResourceAsStream(source)) {
            if (in == null) {
                throw new IllegalStateException("missing " + source);
            }
            return javaLang.defineClass(ThreadInstrumenter.lifecycleClass(in.readAllBytes()));
        }
    }

    private static void connect(Class<?> lifecycle, List<Consumer<Thread>> listeners) throws ReflectiveOperationException {
        MethodHandles.Lookup javaLang = MethodHandles.privateLookupIn(lifecycle, MethodHandles.lookup());
        for (int i = 0; i < LISTENERS.length; i++) {
            javaLang.findStaticVarHandle(lifecycle, LISTENERS[i], Consumer.class).setVolatile(listeners.get(i));
        }
    }

    private static void instrument(Instrumentation inst) throws Exception {
        ThreadInstrumenter instrumenter = new ThreadInstrumenter();
        List<Class<?>> classes = new ArrayList<>(List.of(Thread.class));
        Class<?> virtualThread = virtualThreadClass();
        if (virtualThread != null) {
            classes.add(virtualThread);
        }
        inst.addTransformer(instrumenter, true); // stays: another agent's retransform of Thread keeps the calls
        inst.retransformClasses(classes.toArray(Class<?>[]::new));
        if (instrumenter.failure != null) {
            throw new IllegalStateException("cannot instrument the thread classes: " + instrumenter.failure);
        }
        if (instrumenter.startHooks == 0 || instrumenter.startingHooks != instrumenter.startHooks || instrumenter.exitHooks != 1
                || (virtualThread != null && (instrumenter.mountHooks != 1 || instrumenter.unmountHooks == 0))) {
            throw new IllegalStateException("the thread classes of this JDK look different (start " + instrumenter.startHooks
                    + ", exit " + instrumenter.exitHooks + ", mount " + instrumenter.mountHooks + ", unmount "
                    + instrumenter.unmountHooks + ")");
        }
    }

    /** java.lang.VirtualThread on JDK 21+, loaded now so it is instrumented with Thread; null before. */
    private static Class<?> virtualThreadClass() {
        try {
            return Class.forName("java.lang.VirtualThread", false, null);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
