package io.netjfr.record;

/**
 * Where decoded kernel events go: JFR events in the agent, a file or a terminal stand-alone.
 * Called on the engine's drain thread only.
 */
public interface RecordSink {
    void icmp(IcmpPacket packet);

    void http(HttpRequest request);

    default void httpResponse(HttpResponse response) {
    }

    default void tlsClientHello(TlsClientHello hello) {
    }

    /** A hello no recording wants an event of, passed on only to be counted (netjfr.TlsSummary). */
    default void tlsUnrecorded(TlsClientHello hello) {
    }

    /** Called after each drain of the ring buffer (every ~10 ms), also when nothing arrived. */
    default void drained() {
    }
}
