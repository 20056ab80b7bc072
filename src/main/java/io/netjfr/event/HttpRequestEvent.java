package io.netjfr.event;

import io.netjfr.settings.ThrottleSetting;

import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;

@Name("netjfr.HttpRequest")
@Label("HTTP Request")
@Description("An HTTP/1.x request sent over TCP")
@Enabled(false)
public final class HttpRequestEvent extends ConnectionEvent {
    @Label("Method")
    public String method;

    @Label("Target")
    @Description("Request target as sent: a path, or an absolute URL through a proxy")
    public String target;

    @Label("Host")
    @Description("Value of the Host header")
    public String host;

    @Label("Version")
    public String version;

    @Label("Bytes")
    @Description("Bytes of the sends that carried the request head")
    @DataAmount
    public long bytes;

    @Label("Payload")
    @Description("The request head with query strings, credentials and cookies redacted, "
            + "bounded by the agent option payload=N; absent by default")
    public String payload;

    @Label("Truncated")
    @Description("The head's end was not captured (a capture bound cut it, or its rest never came): fields past the cut may be empty")
    public boolean truncated;

    /** Enforced in the kernel (io.netjfr.settings.AgentSettings): what reaches the commit passes. */
    @SettingDefinition
    @Name("throttle")
    @Label("Throttle")
    protected boolean throttle(ThrottleSetting.HttpRequest control) {
        return true;
    }
}
