package io.netjfr.event;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

@Name("netjfr.IcmpSummary")
@Label("ICMP Summary")
@Description("ICMP packets one process sent to one destination since the last summary, by type, counted in the "
        + "kernel whether or not they became events (filters, throttle)")
@Category({"Network", "eBPF"})
@StackTrace(false)
@Enabled(false)
@Period("60 s")
public final class IcmpSummaryEvent extends jdk.jfr.Event {
    @Label("Host PID")
    @Description("The process's id in the initial pid namespace")
    public int hostPid;

    @Label("Process Name")
    public String processName;

    @Label("Destination Address")
    public String destinationAddress;

    @Label("ICMP Type")
    @Description("8 = echo request (IPv4), 128 = echo request (IPv6)")
    public int icmpType;

    @Label("Packets")
    public long packets;

    @Label("Not Recorded")
    @Description("Of the packets, those the settings (filters, throttle) made no event of")
    public long notRecorded;

    @Label("Bytes")
    @Description("IP packet lengths")
    @DataAmount
    public long bytes;
}
