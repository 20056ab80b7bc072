package io.netjfr.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

@Name("netjfr.TlsSummary")
@Label("TLS Summary")
@Description("TLS ClientHellos one process sent since the last summary, by server name and JA4 fingerprint, "
        + "whether or not they became events (filters, throttle)")
@Category({"Network", "eBPF"})
@StackTrace(false)
@Enabled(false)
@Period("60 s")
public final class TlsSummaryEvent extends jdk.jfr.Event {
    @Label("Host PID")
    @Description("The process's id in the initial pid namespace")
    public int hostPid;

    @Label("Process Name")
    public String processName;

    @Label("Server Name")
    @Description("SNI; empty: none sent")
    public String serverName;

    @Label("JA4")
    @Description("The hellos' fingerprint; empty: a hello not captured whole")
    public String fingerprint;

    @Label("Hellos")
    public long hellos;

    @Label("Not Recorded")
    @Description("Of the hellos, those the settings (filters, throttle) made no event of")
    public long notRecorded;
}
