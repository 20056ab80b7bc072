package io.netjfr.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

@Name("netjfr.Process")
@Label("Process")
@Description("A process that sent packets recorded in this chunk, with its full command line. Packet events "
        + "carry the command line too, cut to " + CommandLines.EVENT_LIMIT + " characters (ending in \u2026) on "
        + "JDKs that would otherwise write a longer one in full into every event")
@Category({"Network", "eBPF"})
@StackTrace(false)
@Enabled(false)
@Period("endChunk")
public final class ProcessEvent extends jdk.jfr.Event {
    @Label("PID")
    @Description("As this JVM's pid namespace sees it; 0 for a process of another namespace")
    public int pid;

    @Label("Host PID")
    @Description("The process's id in the initial pid namespace")
    public int hostPid;

    @Label("Process Name")
    public String processName;

    @Label("Command Line")
    public String commandLine;
}
