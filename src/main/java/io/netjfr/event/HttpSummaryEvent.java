package io.netjfr.event;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

@Name("netjfr.HttpSummary")
@Label("HTTP Summary")
@Description("HTTP/1.x exchanges of one process with one peer since the last summary, by method and status "
        + "class, counted in the kernel whether or not they became events (threshold, throttle)")
@Category({"Network", "eBPF"})
@StackTrace(false)
@Enabled(false)
@Period("60 s")
public final class HttpSummaryEvent extends jdk.jfr.Event {
    @Label("Host PID")
    @Description("The process's id in the initial pid namespace")
    public int hostPid;

    @Label("Process Name")
    public String processName;

    @Label("Side")
    @Description("server: the process answered the requests; client: it sent them")
    public String side;

    @Label("Peer Address")
    @Description("The other end: the clients' address (server), the server's (client)")
    public String peerAddress;

    @Label("Port")
    @Description("The service's port: the server's own (server), the remote one (client)")
    public int port;

    @Label("Method")
    @Description("GET, POST, ...; OTHER: another method, or the request was not seen")
    public String method;

    @Label("Status Class")
    @Description("1xx to 5xx")
    public String statusClass;

    @Label("Exchanges")
    public long exchanges;

    @Label("Not Recorded")
    @Description("Of the exchanges, those the settings (latency threshold, throttle) made no event of")
    public long notRecorded;

    @Label("Bytes")
    @Description("Of the sends or reads that carried the response heads")
    @DataAmount
    public long bytes;

    @Label("Timed Exchanges")
    @Description("Of the exchanges, those whose request was seen: the latency percentiles are theirs")
    public long timed;

    @Label("Latency p50")
    @Description("Upper bound of the histogram bucket (two per power of two) holding the median")
    @Timespan(Timespan.NANOSECONDS)
    public long latencyP50;

    @Label("Latency p90")
    @Timespan(Timespan.NANOSECONDS)
    public long latencyP90;

    @Label("Latency p99")
    @Timespan(Timespan.NANOSECONDS)
    public long latencyP99;

    @Label("Latency Max")
    @Description("Since the summaries began (the kernel keeps one maximum per row)")
    @Timespan(Timespan.NANOSECONDS)
    public long latencyMax;
}
