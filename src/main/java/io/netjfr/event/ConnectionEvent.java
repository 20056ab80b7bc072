package io.netjfr.event;

import jdk.jfr.Description;
import jdk.jfr.Label;

/** The TCP connection an HTTP or TLS message went over, from the message's sender to its receiver. */
abstract class ConnectionEvent extends PortFilteredEvent {
    @Label("Source Address")
    @Description("The sender's address: the client's for a request or ClientHello, the server's for a response")
    public String sourceAddress;

    @Label("Source Port")
    public int sourcePort;

    @Label("Destination Address")
    @Description("The receiver's address: the server's for a request or ClientHello, the client's for a response")
    public String destinationAddress;

    @Label("Destination Port")
    public int destinationPort;
}
