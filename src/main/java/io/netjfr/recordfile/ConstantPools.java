package io.netjfr.recordfile;

import org.openjdk.jmc.flightrecorder.writer.api.Type;
import org.openjdk.jmc.flightrecorder.writer.api.TypedField;
import org.openjdk.jmc.flightrecorder.writer.api.Types;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The constants of the chunk being written: its strings (every string field of an event
 * refers to one, so a command line is written once per chunk, not once per event) and its
 * synthetic threads, one per OS thread, named {@code comm [pid/tid]}. Each chunk holds the
 * constants its events use; ids are never reused within a file, because the JDK's parser
 * keeps the last constant each field read across chunks of the same metadata.
 * <p>
 * Lookups go through small direct-mapped caches first (a string by identity: the decoder
 * hands out the same String for the same process, address or method), so an event's
 * strings and thread cost a few array reads.
 */
final class ConstantPools {
    private static final int CACHE = 4096;
    /** What a thread constant's field holds. */
    private static final int OS_NAME = 0;
    private static final int OS_THREAD_ID = 1;
    private static final int JAVA_NAME = 2;
    private static final int ZERO = 3;
    private static final int NULL_STRING = 4;
    private static final int FALSE = 5;

    private final long stringTypeId;
    private final long threadTypeId;
    private final int[] threadFields;
    private long nextId = 1;

    private final String[] cachedStrings = new String[CACHE];
    private final long[] cachedStringIds = new long[CACHE];
    private final Map<String, Long> strings = new HashMap<>();
    private final ChunkBuffer stringEntries = new ChunkBuffer(64 * 1024);

    private final String[] cachedThreadProcess = new String[CACHE];
    private final int[] cachedThreadPid = new int[CACHE];
    private final int[] cachedThreadTid = new int[CACHE];
    private final long[] cachedThreadIds = new long[CACHE];
    private final ChunkBuffer threadEntries = new ChunkBuffer(16 * 1024);
    private int threadCount;

    ConstantPools(ChunkMetadata metadata) {
        this.stringTypeId = metadata.stringTypeId;
        this.threadTypeId = metadata.threadTypeId;
        List<TypedField> fields = metadata.threadFields;
        this.threadFields = new int[fields.size()];
        for (int i = 0; i < threadFields.length; i++) {
            threadFields[i] = threadField(fields.get(i));
        }
    }

    private static int threadField(TypedField f) {
        Type t = f.getType();
        switch (f.getName()) {
            case "osName":
                return OS_NAME;
            case "osThreadId":
                return OS_THREAD_ID;
            case "javaName":
                return JAVA_NAME; // JMC shows a thread by its Java name
            default:
                break;
        }
        if (f.isArray()) {
            throw new IllegalArgumentException("thread field " + f.getName() + " is an array");
        }
        if (!t.isBuiltin()) {
            if (!t.hasConstantPool()) {
                throw new IllegalArgumentException("thread field " + f.getName() + " of type " + t.getTypeName());
            }
            return ZERO; // a constant reference: null
        }
        return switch (Types.Builtin.ofType(t)) {
            case STRING -> NULL_STRING;
            case BOOLEAN -> FALSE;
            case INT, LONG, SHORT, CHAR -> ZERO;
            default -> throw new IllegalArgumentException("thread field " + f.getName() + " of type " + t.getTypeName());
        };
    }

    /** The id of non-empty {@code s} in this chunk's string pool, added when new. */
    long stringId(String s) {
        int i = System.identityHashCode(s) & (CACHE - 1);
        if (cachedStrings[i] == s) {
            return cachedStringIds[i];
        }
        Long known = strings.get(s);
        long id;
        if (known != null) {
            id = known;
        } else {
            id = nextId++;
            strings.put(s, id);
            stringEntries.putLong(id);
            stringEntries.putString(s);
        }
        cachedStrings[i] = s;
        cachedStringIds[i] = id;
        return id;
    }

    /** The constant id of the synthetic thread for OS thread {@code tid} of process {@code pid}. */
    long thread(int pid, int tid, String processName) {
        int i = (tid ^ (tid >>> 12)) & (CACHE - 1);
        if (cachedThreadIds[i] != 0 && cachedThreadTid[i] == tid && cachedThreadPid[i] == pid
                && cachedThreadProcess[i] == processName) {
            return cachedThreadIds[i];
        }
        long id = nextId++;
        String name = processName + " [" + pid + "/" + tid + "]";
        threadEntries.putLong(id);
        for (int field : threadFields) {
            switch (field) {
                case OS_NAME, JAVA_NAME -> threadEntries.putString(name);
                case OS_THREAD_ID -> threadEntries.putLong(tid);
                case NULL_STRING -> threadEntries.putByte(ChunkBuffer.STRING_NULL);
                case FALSE -> threadEntries.putByte(0);
                default -> threadEntries.putLong(0);
            }
        }
        threadCount++;
        cachedThreadTid[i] = tid;
        cachedThreadPid[i] = pid;
        cachedThreadProcess[i] = processName;
        cachedThreadIds[i] = id;
        return id;
    }

    /** Bytes the constants of this chunk take so far. */
    int bytes() {
        return stringEntries.size() + threadEntries.size();
    }

    /**
     * The constant pool event: size, type 1, start, duration, offset to the next pool event
     * (0: none), a flush flag, then each pool as its type id, count and entries.
     */
    void writeEvent(ChunkBuffer out, long startTicks) {
        int at = out.beginEvent();
        out.putLong(1);
        out.putLong(startTicks);
        out.putLong(0);
        out.putLong(0);
        out.putByte(1);
        out.putInt((threadCount > 0 ? 1 : 0) + (strings.isEmpty() ? 0 : 1));
        if (threadCount > 0) {
            out.putLong(threadTypeId);
            out.putInt(threadCount);
            out.putBytes(threadEntries);
        }
        if (!strings.isEmpty()) {
            out.putLong(stringTypeId);
            out.putInt(strings.size());
            out.putBytes(stringEntries);
        }
        out.endEvent(at);
    }

    /** The next chunk starts without constants. */
    void clear() {
        Arrays.fill(cachedStrings, null);
        Arrays.fill(cachedThreadProcess, null);
        Arrays.fill(cachedThreadIds, 0);
        strings.clear();
        stringEntries.clear();
        threadEntries.clear();
        threadCount = 0;
    }
}
