package io.netjfr.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of a process, from /proc. */
final class ProcStat {
    private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux

    private ProcStat() {
    }

    /** utime + stime of the whole process, in nanoseconds (10 ms resolution). */
    static long cpuNanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS; // fields 14 and 15
    }

    /** utime + stime of the thread named {@code name} in this process, in nanoseconds; 0 when there is none. */
    static long threadCpuNanos(String name) throws IOException {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                if (Files.readString(t.resolve("comm")).strip().equals(name)) {
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
                }
            }
        }
        return 0;
    }

    /** VmRSS in KiB. */
    static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
