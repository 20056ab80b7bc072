package io.netjfr.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.StackTrace;
import jdk.jfr.Timestamp;

/**
 * The process context every netjfr event carries. The event's own thread is netjfr's
 * drain thread, whose stack means nothing; {@code javaThread} names the sender instead.
 */
@Category({"Network", "eBPF"})
@StackTrace(false)
abstract class ProcessContextEvent extends Event {
    @Label("PID")
    @Description("Process id (thread group id) of the sender")
    public int pid;

    @Label("OS Thread ID")
    @Description("Kernel thread id of the sending thread")
    public int tid;

    @Label("Process Name")
    @Description("comm of the sending process's main thread")
    public String processName;

    @Label("Command Line")
    @Description("Full command line of the sending process, captured by the kernel")
    public String commandLine;

    @Label("Java Thread")
    @Description("The Java thread that sent the packet, when it came from this JVM")
    public Thread javaThread;

    @Label("Kernel Time")
    @Description("When the kernel saw the packet")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    public long kernelTime;
}
