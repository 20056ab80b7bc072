package io.netjfr.record;

/** Where decoded kernel events go: JFR events in the agent, a file or a terminal stand-alone. */
public interface RecordSink {
    void icmp(IcmpPacket packet);

    void http(HttpRequest request);

    default void httpResponse(HttpResponse response) {
    }

    default void tlsClientHello(TlsClientHello hello) {
    }
}
