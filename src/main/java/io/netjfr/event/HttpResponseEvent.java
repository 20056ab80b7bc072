package io.netjfr.event;

import io.netjfr.settings.ThrottleSetting;

import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;
import jdk.jfr.Timespan;

@Name("netjfr.HttpResponse")
@Label("HTTP Response")
@Description("An HTTP/1.x response over TCP, as a client read it or a server wrote it")
@Enabled(false)
public final class HttpResponseEvent extends TimedExchangeEvent {
    @Label("Side")
    @Description("read by client, or written by server: which process saw it, and how")
    public String side;

    @Label("Version")
    public String version;

    @Label("Status")
    public int status;

    @Label("Reason")
    @Description("Reason phrase of the status line")
    public String reason;

    @Label("Bytes")
    @Description("Head and body when the head gives the body's length, else the bytes that carried the head")
    @DataAmount
    public long bytes;

    @Label("Latency")
    @Description("Since the request it answers on the same connection was sent (client) or read (server)")
    @Timespan(Timespan.NANOSECONDS)
    public long latency;

    @Label("Payload")
    @Description("The response head with cookies and URL query strings redacted, "
            + "bounded by the agent option payload=N; absent by default")
    public String payload;

    @Label("Truncated")
    @Description("The head's end was not captured (a capture bound cut it, or its rest never came): fields past the cut may be empty")
    public boolean truncated;

    @Override
    protected long latencyNanos() {
        return latency;
    }

    /** Enforced in the kernel (io.netjfr.settings.AgentSettings): what reaches the commit passes. */
    @SettingDefinition
    @Name("throttle")
    @Label("Throttle")
    protected boolean throttle(ThrottleSetting.HttpResponse control) {
        return true;
    }
}
