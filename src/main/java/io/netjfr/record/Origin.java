package io.netjfr.record;

/** Who sent a packet, and when the kernel saw it. */
public record Origin(int pid, int tid, String processName, String commandLine, long kernelTimeNanos) {
}
