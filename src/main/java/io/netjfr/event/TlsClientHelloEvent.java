package io.netjfr.event;

import io.netjfr.settings.ThrottleSetting;

import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;

@Name("netjfr.TlsClientHello")
@Label("TLS Client Hello")
@Description("A TLS ClientHello sent over TCP: the start of a TLS connection")
@Enabled(false)
public final class TlsClientHelloEvent extends ConnectionEvent {
    @Label("Server Name")
    @Description("SNI: the host name the client asked for; empty when it sent none")
    public String serverName;

    @Label("ALPN")
    @Description("Application protocols offered, comma separated, in the client's order")
    public String alpn;

    @Label("TLS Version")
    @Description("Highest version offered (supported_versions when present)")
    public String tlsVersion;

    @Label("Fingerprint")
    @Description("JA4 fingerprint of the client (TLS library and its settings); empty when the hello was cut off")
    public String fingerprint;

    @Label("JA3")
    @Description("JA3 fingerprint (MD5); changes with extension order, which some clients randomize")
    public String ja3;

    @Label("Bytes")
    @Description("Bytes of the send that carried the hello")
    @DataAmount
    public long bytes;

    @Label("Truncated")
    @Description("The hello was not captured whole: fields it did not reach are empty (unknown), and so are the fingerprints")
    public boolean truncated;

    /** Enforced in the kernel (io.netjfr.settings.AgentSettings): what reaches the commit passes. */
    @SettingDefinition
    @Name("throttle")
    @Label("Throttle")
    protected boolean throttle(ThrottleSetting.TlsClientHello control) {
        return true;
    }
}
