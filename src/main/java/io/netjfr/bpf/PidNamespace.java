package io.netjfr.bpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A pid namespace as stat(2) of {@code /proc/PID/ns/pid} names it (struct pidns_id). The
 * kernel reports pids as a consumer in this namespace sees them; {@link #INITIAL} (ino 0)
 * means no translation: the initial namespace's pids, which every process has.
 */
public record PidNamespace(long dev, long ino) {
    public static final PidNamespace INITIAL = new PidNamespace(0, 0);
    /** The initial pid namespace's inode, fixed by the kernel (PROC_PID_INIT_INO). */
    static final long INITIAL_INO = 0xEFFFFFFCL;

    /** The namespace of process {@code pid} (as this process's /proc sees it). */
    public static PidNamespace of(String pid) throws IOException {
        Path ns = Path.of("/proc", pid, "ns", "pid");
        long ino = ((Number) Files.getAttribute(ns, "unix:ino")).longValue();
        if (ino == INITIAL_INO) {
            return INITIAL;
        }
        return new PidNamespace(((Number) Files.getAttribute(ns, "unix:dev")).longValue(), ino);
    }

    /** This JVM's namespace; {@link #INITIAL} when it cannot be read (no /proc: nothing to translate against). */
    public static PidNamespace self() {
        try {
            return of("self");
        } catch (IOException | UnsupportedOperationException e) {
            return INITIAL;
        }
    }

    public boolean initial() {
        return ino == 0;
    }
}
