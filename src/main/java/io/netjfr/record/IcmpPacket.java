package io.netjfr.record;

/** An ICMP or ICMPv6 packet a process sent. */
public record IcmpPacket(Origin origin, String family, String sourceAddress, String destinationAddress,
        int type, int code, int id, int sequence, int length) {
}
