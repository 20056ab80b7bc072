package io.netjfr.record;

/**
 * Who sent a packet, and when the kernel saw it. {@code pid} and {@code tid} are as the
 * consumer's pid namespace sees them (0: the sender is not visible there), {@code hostPid}
 * as the machine's initial namespace does; {@code threadName} is the sending thread's comm,
 * {@code cgroupId} its cgroup v2 id.
 */
public record Origin(int pid, int tid, int hostPid, long cgroupId, String threadName, String processName,
        String commandLine, long kernelTimeNanos) {

    /** A sender seen from the initial namespace, its main thread sending, no cgroup known. */
    public Origin(int pid, int tid, String processName, String commandLine, long kernelTimeNanos) {
        this(pid, tid, pid, 0, processName, processName, commandLine, kernelTimeNanos);
    }
}
