package io.netjfr.event;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

@Name("netjfr.Statistics")
@Label("netjfr Statistics")
@Description("Per kernel hook: the attach mode in use and how many events were seen, delivered and lost")
@Category({"Network", "eBPF"})
@StackTrace(false)
@Enabled(false)
@Period("10 s")
public final class StatisticsEvent extends jdk.jfr.Event {
    @Label("Hook")
    public String hook;

    @Label("Attach Mode")
    @Description("fentry, kprobe, tp_btf, raw_tp or tracepoint; empty when no mode could attach")
    public String attachMode;

    @Label("Events Seen")
    @Description("Events the kernel put into the ring buffer (not those lost)")
    public long eventsSeen;

    @Label("Events Delivered")
    @Description("Events committed to JFR")
    public long eventsDelivered;

    @Label("Events Lost")
    @Description("Events dropped because the ring buffer was full")
    public long eventsLost;
}
