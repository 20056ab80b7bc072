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
    @Description("Process id (thread group id) of the sender, as the recording process's pid namespace sees it "
            + "(0: the sender is in another namespace)")
    public int pid;

    @Label("OS Thread ID")
    @Description("Kernel thread id of the sending thread, as the recording process's pid namespace sees it")
    public int tid;

    @Label("Host PID")
    @Description("Process id of the sender in the machine's initial pid namespace")
    public int hostPid;

    @Label("OS Thread Name")
    @Description("Name (comm) of the sending thread, taken by the kernel when it sent")
    public String threadName;

    @Label("Cgroup ID")
    @Description("cgroup v2 id of the sender: tells containers apart")
    public long cgroupId;

    @Label("Cgroup")
    @Description("Path of the sender's cgroup under the cgroup2 mount, where the recording process can see it")
    public String cgroup;

    @Label("Process Name")
    @Description("comm of the sending process's main thread")
    public String processName;

    @Label("Command Line")
    @Description("Full command line of the sending process, captured by the kernel")
    public String commandLine;

    @Label("Java Thread")
    @Description("The Java thread that sent the packet, when it came from this JVM: for a virtual thread, "
            + "the virtual thread")
    public Thread javaThread;

    @Label("Carrier Thread")
    @Description("The platform thread that carried the virtual thread in Java Thread when it sent (empty for "
            + "a platform thread)")
    public Thread carrierThread;

    @Label("Kernel Time")
    @Description("When the kernel saw the packet")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    public long kernelTime;
}
