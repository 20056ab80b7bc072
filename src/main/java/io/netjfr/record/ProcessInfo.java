package io.netjfr.record;

/** A process as the kernel saw it: comm of its main thread and its full command line. */
public record ProcessInfo(int pid, String name, String commandLine) {
}
