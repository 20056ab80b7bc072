package io.netjfr.event;

import io.netjfr.record.HttpRequest;
import io.netjfr.record.HttpResponse;
import io.netjfr.record.IcmpPacket;
import io.netjfr.record.KernelClock;
import io.netjfr.record.Origin;
import io.netjfr.record.RecordSink;
import io.netjfr.record.TlsClientHello;

/**
 * A sink for outputs that take each event as its JFR name and {@link EventValues} rather
 * than as a jdk.jfr event: the stand-alone .jfr file, JSON lines. Per event: {@link #begin},
 * the fields into what it returned, then {@link #end}.
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

    /** An event starts: its JFR name, who sent it and when; its fields go into the result. */
    protected abstract EventFields begin(String event, Origin origin);

    /** The event's fields are all there. */
    protected abstract void end();

    @Override
    public final void icmp(IcmpPacket p) {
        EventValues.icmp(p, clock, begin(ICMP, p.origin()));
        end();
    }

    @Override
    public final void http(HttpRequest r) {
        EventValues.http(r, clock, begin(HTTP, r.origin()));
        end();
    }

    @Override
    public final void httpResponse(HttpResponse r) {
        EventValues.httpResponse(r, clock, begin(HTTP_RESPONSE, r.origin()));
        end();
    }

    @Override
    public final void tlsClientHello(TlsClientHello h) {
        EventValues.tlsClientHello(h, clock, begin(TLS_CLIENT_HELLO, h.origin()));
        end();
    }
}
