package io.netjfr.watch;

import io.netjfr.event.EventValues;
import io.netjfr.event.HttpRequestEvent;
import io.netjfr.event.HttpResponseEvent;
import io.netjfr.event.IcmpPacketEvent;
import io.netjfr.event.NetjfrEvents;
import io.netjfr.event.TlsClientHelloEvent;
import io.netjfr.record.HttpRequest;
import io.netjfr.record.HttpResponse;
import io.netjfr.record.IcmpPacket;
import io.netjfr.record.KernelClock;
import io.netjfr.record.Origin;
import io.netjfr.record.RecordSink;
import io.netjfr.record.TlsClientHello;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code watch --json}: one JSON object per event and line, with the event's JFR name, the
 * time the kernel saw it (ISO-8601, UTC, nanoseconds) and the event's JFR fields.
 */
public final class JsonLines implements RecordSink {
    private static final String ICMP = NetjfrEvents.name(IcmpPacketEvent.class);
    private static final String HTTP = NetjfrEvents.name(HttpRequestEvent.class);
    private static final String HTTP_RESPONSE = NetjfrEvents.name(HttpResponseEvent.class);
    private static final String TLS_CLIENT_HELLO = NetjfrEvents.name(TlsClientHelloEvent.class);

    private final PrintStream out;
    private final KernelClock clock;

    public JsonLines(PrintStream out, KernelClock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void icmp(IcmpPacket p) {
        print(ICMP, p.origin(), EventValues.icmp(p, clock));
    }

    @Override
    public void http(HttpRequest r) {
        print(HTTP, r.origin(), EventValues.http(r, clock));
    }

    @Override
    public void httpResponse(HttpResponse r) {
        print(HTTP_RESPONSE, r.origin(), EventValues.httpResponse(r, clock));
    }

    @Override
    public void tlsClientHello(TlsClientHello h) {
        print(TLS_CLIENT_HELLO, h.origin(), EventValues.tlsClientHello(h, clock));
    }

    @Override
    public void drained() {
        out.flush();
    }

    private void print(String event, Origin o, Map<String, Object> values) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", event);
        line.put("time", Instant.ofEpochSecond(0, clock.epochNanos(o.kernelTimeNanos())).toString());
        values.remove("kernelTime"); // "time", to the nanosecond
        line.putAll(values);
        out.println(Json.object(line));
    }
}
