package io.netjfr.threads;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.netjfr.jna.Jna;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The Linux thread id of a live platform thread, read where HotSpot keeps it:
 * {@code Thread.eetop} is the VM's JavaThread, whose {@code _osthread} points to the
 * OSThread with the {@code _thread_id}. The two field offsets come from the table HotSpot
 * exports for its serviceability agent ({@code gHotSpotVMStructs} in libjvm.so), so no
 * offset is guessed; {@link #open} checks the result on the calling thread against
 * /proc/thread-self. Two memory reads, no safepoint, no thread dump.
 *
 * <p>Needs java.lang opened and jdk.internal.misc exported to this class's module (the agent
 * does that through Instrumentation).
 */
final class OsThreadIds {
    private static final String THREAD_OSTHREAD = "Thread::_osthread";
    private static final String JAVA_THREAD_OSTHREAD = "JavaThread::_osthread";
    private static final String THREAD_ID = "OSThread::_thread_id";

    private final VarHandle eetop;
    private final MethodHandle getLong;
    private final MethodHandle getInt;
    private final long osThreadOffset;
    private final long threadIdOffset;

    private OsThreadIds(VarHandle eetop, MethodHandle getLong, MethodHandle getInt, long osThreadOffset,
            long threadIdOffset) {
        this.eetop = eetop;
        this.getLong = getLong;
        this.getInt = getInt;
        this.osThreadOffset = osThreadOffset;
        this.threadIdOffset = threadIdOffset;
    }

    /** Throws IllegalStateException saying why when this JVM does not allow it (not HotSpot, fields missing). */
    static OsThreadIds open() {
        try {
            // _osthread is a field of Thread in older JDKs, of JavaThread in newer ones
            Map<String, Long> offsets = vmStructOffsets(Set.of(JAVA_THREAD_OSTHREAD, THREAD_OSTHREAD, THREAD_ID),
                    found -> found.containsKey(THREAD_ID)
                            && (found.containsKey(JAVA_THREAD_OSTHREAD) || found.containsKey(THREAD_OSTHREAD)));
            Long osThread = offsets.getOrDefault(JAVA_THREAD_OSTHREAD, offsets.get(THREAD_OSTHREAD));
            Long threadId = offsets.get(THREAD_ID);
            if (osThread == null || threadId == null) {
                throw new IllegalStateException("libjvm.so does not describe Thread::_osthread and OSThread::_thread_id");
            }
            VarHandle eetop = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                    .findVarHandle(Thread.class, "eetop", long.class);
            Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            Object unsafe = lookup.findStatic(unsafeClass, "getUnsafe", MethodType.methodType(unsafeClass)).invoke();
            MethodHandle getLong = lookup.findVirtual(unsafeClass, "getLong", MethodType.methodType(long.class, long.class))
                    .bindTo(unsafe);
            MethodHandle getInt = lookup.findVirtual(unsafeClass, "getInt", MethodType.methodType(int.class, long.class))
                    .bindTo(unsafe);
            OsThreadIds ids = new OsThreadIds(eetop, getLong, getInt, osThread, threadId);
            int expected = currentTid();
            int read = ids.of(Thread.currentThread());
            if (read != expected) {
                throw new IllegalStateException("read tid " + read + " for this thread, the kernel says " + expected);
            }
            return ids;
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t.toString(), t);
        }
    }

    /**
     * The OS thread id of {@code thread}; 0 when it has none (not started, ended, virtual).
     * Holds the thread's monitor while reading: HotSpot takes it before it clears eetop at
     * exit, and frees the JavaThread only after that, so the memory read is never stale.
     */
    int of(Thread thread) {
        synchronized (thread) {
            try {
                long javaThread = (long) eetop.getVolatile(thread);
                if (javaThread == 0) {
                    return 0;
                }
                long osThread = (long) getLong.invokeExact(javaThread + osThreadOffset);
                return osThread == 0 ? 0 : (int) getInt.invokeExact(osThread + threadIdOffset);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    /**
     * "Type::field" -> offset of the non-static {@code fields} in HotSpot's gHotSpotVMStructs;
     * the walk (~650 entries, each a few JNA reads) stops once what it found is {@code complete}.
     */
    private static Map<String, Long> vmStructOffsets(Set<String> fields, Predicate<Map<String, Long>> complete)
            throws IOException {
        NativeLibrary jvm = Jna.library(libjvmPath());
        Pointer entry = jvm.getGlobalVariableAddress("gHotSpotVMStructs").getPointer(0);
        long typeName = symbol(jvm, "gHotSpotVMStructEntryTypeNameOffset");
        long fieldName = symbol(jvm, "gHotSpotVMStructEntryFieldNameOffset");
        long isStatic = symbol(jvm, "gHotSpotVMStructEntryIsStaticOffset");
        long offset = symbol(jvm, "gHotSpotVMStructEntryOffsetOffset");
        long stride = symbol(jvm, "gHotSpotVMStructEntryArrayStride");
        Map<String, Long> offsets = new HashMap<>();
        for (; !complete.test(offsets) && entry.getPointer(typeName) != null; entry = entry.share(stride)) {
            Pointer field = entry.getPointer(fieldName);
            if (field != null && entry.getInt(isStatic) == 0) {
                String name = entry.getPointer(typeName).getString(0) + "::" + field.getString(0);
                if (fields.contains(name)) {
                    offsets.put(name, entry.getLong(offset));
                }
            }
        }
        return offsets;
    }

    private static long symbol(NativeLibrary jvm, String name) {
        return jvm.getGlobalVariableAddress(name).getLong(0);
    }

    /** The libjvm.so this process runs (the java launcher, or whatever embedded the JVM). */
    private static String libjvmPath() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (line.endsWith("/libjvm.so")) {
                return line.substring(line.indexOf('/'));
            }
        }
        throw new IllegalStateException("no libjvm.so in /proc/self/maps");
    }

    /** This thread's id as the kernel names it (/proc/thread-self -> "<pid>/task/<tid>"). */
    static int currentTid() throws IOException {
        return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
    }
}
