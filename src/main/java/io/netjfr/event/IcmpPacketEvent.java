package io.netjfr.event;

import io.netjfr.settings.ThrottleSetting;

import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;

@Name("netjfr.IcmpPacket")
@Label("ICMP Packet")
@Description("An ICMP or ICMPv6 packet sent by a process")
@Enabled(false)
public final class IcmpPacketEvent extends HostFilteredEvent {
    @Label("Direction")
    public String direction;

    @Label("Address Family")
    @Description("IPv4 or IPv6")
    public String family;

    @Label("Source Address")
    public String sourceAddress;

    @Label("Destination Address")
    public String destinationAddress;

    @Label("ICMP Type")
    @Description("8 = echo request (IPv4), 128 = echo request (IPv6)")
    public int icmpType;

    @Label("ICMP Code")
    public int icmpCode;

    @Label("ICMP Identifier")
    public int icmpId;

    @Label("ICMP Sequence")
    public int icmpSequence;

    @Label("Length")
    @Description("Length of the IP packet")
    @DataAmount
    public int length;

    /** Enforced in the kernel (io.netjfr.settings.AgentSettings): what reaches the commit passes. */
    @SettingDefinition
    @Name("throttle")
    @Label("Throttle")
    protected boolean throttle(ThrottleSetting.Icmp control) {
        return true;
    }
}
