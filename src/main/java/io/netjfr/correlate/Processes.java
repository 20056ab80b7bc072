package io.netjfr.correlate;

import io.netjfr.record.ProcessInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * host pid -> process as announced by the kernel (process records). Bounded: the least
 * recently used entries go first; a pid the kernel announced before an eviction is looked
 * up in /proc instead, which works for as long as the process lives and this process's
 * /proc numbers it the same way.
 */
public final class Processes {
    private static final int CAPACITY = 32768;

    private final Map<Integer, ProcessInfo> byPid = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, ProcessInfo> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Records what the kernel announced; replaces an older process with the same pid. */
    public void announce(ProcessInfo process) {
        byPid.put(process.pid(), process);
    }

    /**
     * The process with this host pid, from the kernel's announcement or /proc ({@code pid}:
     * its number here, where it differs only in another pid namespace); never null.
     */
    public ProcessInfo get(int hostPid, int pid) {
        ProcessInfo p = byPid.get(hostPid);
        if (p == null) {
            p = pid == hostPid ? fromProc(pid) : new ProcessInfo(hostPid, "", "");
            byPid.put(hostPid, p);
        }
        return p;
    }

    static ProcessInfo fromProc(int pid) {
        Path dir = Path.of("/proc", Integer.toString(pid));
        try {
            String comm = Files.readString(dir.resolve("comm"), StandardCharsets.UTF_8).strip();
            byte[] cmdline = Files.readAllBytes(dir.resolve("cmdline"));
            return new ProcessInfo(pid, comm, commandLine(cmdline, cmdline.length, false));
        } catch (IOException e) {
            return new ProcessInfo(pid, "", "");
        }
    }

    /** argv as one line: NUL separators become spaces; "..." marks a truncated line. */
    public static String commandLine(byte[] raw, int length, boolean truncated) {
        int end = length;
        while (end > 0 && raw[end - 1] == 0) {
            end--;
        }
        byte[] copy = new byte[end];
        for (int i = 0; i < end; i++) {
            copy[i] = raw[i] == 0 ? (byte) ' ' : raw[i];
        }
        String line = new String(copy, StandardCharsets.UTF_8);
        return truncated ? line + "..." : line;
    }
}
