package io.netjfr.event;

import io.netjfr.record.Origin;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Opcodes;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The command line each packet event carries, and the processes whose full command line the
 * chunk's {@link ProcessEvent}s carry. JFR writes a String field once per chunk (its string
 * pool) only up to a length that depends on the JDK: 127 characters on JDK 17, where a Java
 * service's command line with its class path would otherwise be written in full into every
 * event (3.6 µs instead of 0.33 µs per commit for 2,000 characters, CommitBenchmark). There
 * the events get the first {@link #EVENT_LIMIT} characters and the full line goes into one
 * netjfr.Process event per process and chunk.
 */
public final class CommandLines {
    /** The longest command line a packet event carries where JFR pools only short strings. */
    static final int EVENT_LIMIT = 127;

    /** Processes that sent events since the last {@link #emit}, by host pid. */
    private final ConcurrentHashMap<Integer, Seen> seen = new ConcurrentHashMap<>();

    private record Seen(Origin origin, String forEvents) {
    }

    /** Read when the first event needs it, not while the agent starts (the jrt file system is not free). */
    private static final class JfrStringPool {
        static final int POOLED_LENGTH = pooledLength();
    }

    /** The command line for an event of {@code o}'s, noting the process for this chunk's netjfr.Process. */
    String forEvent(Origin o) {
        Seen s = seen.get(o.hostPid());
        if (s == null || s.origin.commandLine() != o.commandLine()) { // the decoder's one String per process
            s = new Seen(o, cut(o.commandLine(), JfrStringPool.POOLED_LENGTH));
            seen.put(o.hostPid(), s);
        }
        return s.forEvents;
    }

    /** One netjfr.Process per process seen since the last call (JFR's periodic thread, at a chunk's end). */
    public void emit() {
        for (Seen s : seen.values()) {
            ProcessEvent e = new ProcessEvent();
            e.pid = s.origin.pid();
            e.hostPid = s.origin.hostPid();
            e.processName = s.origin.processName();
            e.commandLine = s.origin.commandLine();
            e.commit();
            seen.remove(s.origin.hostPid(), s);
        }
    }

    static String cut(String commandLine, int pooledLength) {
        return commandLine.length() <= pooledLength ? commandLine
                : commandLine.substring(0, EVENT_LIMIT - 1) + "\u2026";
    }

    /**
     * The longest String this JDK's JFR pools: jdk.jfr.internal.StringPool's MAX_LIMIT, read
     * from the class file (it is not accessible otherwise); JDK 17's 128 when it cannot be read.
     */
    static int pooledLength() {
        int[] limit = {EVENT_LIMIT};
        try (InputStream in = Files.newInputStream(FileSystems.getFileSystem(URI.create("jrt:/"))
                .getPath("modules", "jdk.jfr", "jdk/jfr/internal/StringPool.class"))) {
            new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public FieldVisitor visitField(int access, String name, String descriptor, String signature,
                        Object value) {
                    if (name.equals("MAX_LIMIT") && value instanceof Integer max) {
                        limit[0] = max - 1; // pooled while shorter than MAX_LIMIT
                    }
                    return null;
                }
            }, ClassReader.SKIP_CODE);
        } catch (Exception | LinkageError e) {
            // an unknown JDK layout: cut, as for the JDK that pools least
        }
        return limit[0];
    }
}
