package io.netjfr.event;

import io.netjfr.record.HttpRequest;
import io.netjfr.record.HttpResponse;
import io.netjfr.record.IcmpPacket;
import io.netjfr.record.KernelClock;
import io.netjfr.record.Origin;
import io.netjfr.record.RecordSink;
import io.netjfr.record.TlsClientHello;

import java.util.Map;

/**
 * A sink for outputs that take each event as its JFR name and {@link EventValues} rather
 * than as a jdk.jfr event: the stand-alone .jfr file, JSON lines.
 */
public abstract class EventValuesSink implements RecordSink {
    private static final String ICMP = NetjfrEvents.name(IcmpPacketEvent.class);
    private static final String HTTP = NetjfrEvents.name(HttpRequestEvent.class);
    private static final String HTTP_RESPONSE = NetjfrEvents.name(HttpResponseEvent.class);
    private static final String TLS_CLIENT_HELLO = NetjfrEvents.name(TlsClientHelloEvent.class);

    protected final KernelClock clock;

    protected EventValuesSink(KernelClock clock) {
        this.clock = clock;
    }

    /** One event: its JFR name, who sent it and when, and its fields by JFR name (a fresh map). */
    protected abstract void write(String event, Origin origin, Map<String, Object> values);

    @Override
    public final void icmp(IcmpPacket p) {
        write(ICMP, p.origin(), EventValues.icmp(p, clock));
    }

    @Override
    public final void http(HttpRequest r) {
        write(HTTP, r.origin(), EventValues.http(r, clock));
    }

    @Override
    public final void httpResponse(HttpResponse r) {
        write(HTTP_RESPONSE, r.origin(), EventValues.httpResponse(r, clock));
    }

    @Override
    public final void tlsClientHello(TlsClientHello h) {
        write(TLS_CLIENT_HELLO, h.origin(), EventValues.tlsClientHello(h, clock));
    }
}
