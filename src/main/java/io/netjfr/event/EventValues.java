package io.netjfr.event;

import io.netjfr.correlate.Cgroups;
import io.netjfr.record.HookStatistics;
import io.netjfr.record.HttpRequest;
import io.netjfr.record.HttpResponse;
import io.netjfr.record.IcmpPacket;
import io.netjfr.record.KernelClock;
import io.netjfr.record.Origin;
import io.netjfr.record.TlsClientHello;

/**
 * The fields of netjfr's events by JFR field name, for outputs that do not commit jdk.jfr
 * events in a JVM (the stand-alone .jfr file, JSON lines): the values {@link JfrEventWriter}
 * and the agent set, except {@code javaThread} and {@code carrierThread}, which only the agent
 * can know. Each is put into an {@link EventFields} as it is read, so an output allocates
 * nothing per event.
 * JfrFileSinkTest checks the names against the event classes.
 */
public final class EventValues {
    /** The sending direction: the only one netjfr records so far. */
    static final String SENT = "sent";
    private static final Cgroups CGROUPS = new Cgroups();

    private EventValues() {
    }

    /** netjfr.IcmpPacket */
    public static void icmp(IcmpPacket p, KernelClock clock, EventFields v) {
        origin(p.origin(), clock, v);
        v.put("direction", SENT);
        v.put("family", p.family());
        v.put("sourceAddress", p.sourceAddress());
        v.put("destinationAddress", p.destinationAddress());
        v.put("icmpType", p.type());
        v.put("icmpCode", p.code());
        v.put("icmpId", p.id());
        v.put("icmpSequence", p.sequence());
        v.put("length", p.length());
    }

    /** netjfr.HttpRequest */
    public static void http(HttpRequest r, KernelClock clock, EventFields v) {
        origin(r.origin(), clock, v);
        putConnection(v, r.sourceAddress(), r.sourcePort(), r.destinationAddress(), r.destinationPort());
        v.put("method", r.method());
        v.put("target", r.target());
        v.put("host", r.host());
        v.put("version", r.version());
        v.put("bytes", r.bytes());
        putPayload(v, r.payload());
        v.put("truncated", r.truncated());
    }

    /** netjfr.HttpResponse; latency in nanoseconds, absent when the request was not seen. */
    public static void httpResponse(HttpResponse r, KernelClock clock, EventFields v) {
        origin(r.origin(), clock, v);
        v.put("side", r.side());
        putConnection(v, r.sourceAddress(), r.sourcePort(), r.destinationAddress(), r.destinationPort());
        v.put("version", r.version());
        v.put("status", r.status());
        v.put("reason", r.reason());
        v.put("bytes", r.bytes());
        v.put("latency", r.latencyNanos() >= 0 ? r.latencyNanos() : Long.MIN_VALUE);
        putPayload(v, r.payload());
        v.put("truncated", r.truncated());
    }

    /** netjfr.TlsClientHello */
    public static void tlsClientHello(TlsClientHello h, KernelClock clock, EventFields v) {
        origin(h.origin(), clock, v);
        putConnection(v, h.sourceAddress(), h.sourcePort(), h.destinationAddress(), h.destinationPort());
        v.put("serverName", h.serverName());
        v.put("alpn", h.alpn());
        v.put("tlsVersion", h.tlsVersion());
        v.put("fingerprint", h.fingerprint());
        v.put("ja3", h.ja3());
        v.put("bytes", h.bytes());
        v.put("truncated", h.truncated());
    }

    private static void putConnection(EventFields v, String sourceAddress, int sourcePort,
            String destinationAddress, int destinationPort) {
        v.put("sourceAddress", sourceAddress);
        v.put("sourcePort", sourcePort);
        v.put("destinationAddress", destinationAddress);
        v.put("destinationPort", destinationPort);
    }

    /** The payload field is absent unless the payload option asked for it (as in the agent). */
    private static void putPayload(EventFields v, String payload) {
        if (payload != null && !payload.isEmpty()) {
            v.put("payload", payload);
        }
    }

    /** netjfr.Statistics */
    public static void statistics(HookStatistics s, EventFields v) {
        v.put("hook", s.hook());
        v.put("attachMode", s.attachMode());
        v.put("eventsSeen", s.seen());
        v.put("eventsDelivered", s.delivered());
        v.put("eventsLost", s.lost());
    }

    private static void origin(Origin o, KernelClock clock, EventFields v) {
        v.put("pid", o.pid());
        v.put("tid", o.tid());
        v.put("hostPid", o.hostPid());
        v.put("threadName", o.threadName());
        v.put("cgroupId", o.cgroupId());
        v.put("cgroup", CGROUPS.path(o.cgroupId()));
        v.put("processName", o.processName());
        v.put("commandLine", o.commandLine());
        v.put("kernelTime", kernelTimeMillis(o, clock));
    }

    /** The kernelTime field: milliseconds since the epoch. */
    static long kernelTimeMillis(Origin o, KernelClock clock) {
        return clock.epochNanos(o.kernelTimeNanos()) / 1_000_000L;
    }
}
