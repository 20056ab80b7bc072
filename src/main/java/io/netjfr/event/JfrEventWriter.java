package io.netjfr.event;

import io.netjfr.correlate.Cgroups;
import io.netjfr.record.HttpRequest;
import io.netjfr.record.HttpResponse;
import io.netjfr.record.IcmpPacket;
import io.netjfr.record.KernelClock;
import io.netjfr.record.Origin;
import io.netjfr.record.RecordSink;
import io.netjfr.record.TlsClientHello;
import io.netjfr.threads.SenderThreads;

import java.util.function.Supplier;

/**
 * Where a decoded kernel event becomes a JFR event in this JVM's recordings. The sender's
 * {@code java.lang.Thread} is looked up when the packet came from this JVM.
 */
public final class JfrEventWriter implements RecordSink {
    private final long ownPid = ProcessHandle.current().pid();
    private final Supplier<SenderThreads> senders;
    private final Cgroups cgroups = new Cgroups();
    private final KernelClock clock = new KernelClock();
    private final CommandLines commandLines;

    /**
     * {@code senders}: this JVM's threads by OS thread id (answering null: Java threads are not
     * named), asked at each event: the agent installs thread tracking while the programs load,
     * and the first event of this JVM waits for it;
     * {@code commandLines}: the processes the recording's netjfr.Process events describe.
     */
    public JfrEventWriter(Supplier<SenderThreads> senders, CommandLines commandLines) {
        this.senders = senders;
        this.commandLines = commandLines;
    }

    @Override
    public void icmp(IcmpPacket p) {
        IcmpPacketEvent e = new IcmpPacketEvent();
        if (!e.isEnabled()) {
            return;
        }
        setOrigin(e, p.origin());
        e.direction = EventValues.SENT;
        e.family = p.family();
        e.sourceAddress = p.sourceAddress();
        e.destinationAddress = p.destinationAddress();
        e.icmpType = p.type();
        e.icmpCode = p.code();
        e.icmpId = p.id();
        e.icmpSequence = p.sequence();
        e.length = p.length();
        e.commit();
    }

    @Override
    public void http(HttpRequest r) {
        HttpRequestEvent e = new HttpRequestEvent();
        if (!e.isEnabled()) {
            return;
        }
        setOrigin(e, r.origin());
        setConnection(e, r.sourceAddress(), r.sourcePort(), r.destinationAddress(), r.destinationPort());
        e.method = r.method();
        e.target = r.target();
        e.host = r.host();
        e.version = r.version();
        e.bytes = r.bytes();
        e.payload = payload(r.payload());
        e.truncated = r.truncated();
        e.commit();
    }

    @Override
    public void httpResponse(HttpResponse r) {
        HttpResponseEvent e = new HttpResponseEvent();
        if (!e.isEnabled()) {
            return;
        }
        setOrigin(e, r.origin());
        e.side = r.side();
        setConnection(e, r.sourceAddress(), r.sourcePort(), r.destinationAddress(), r.destinationPort());
        e.version = r.version();
        e.status = r.status();
        e.reason = r.reason();
        e.bytes = r.bytes();
        e.latency = r.latencyNanos() >= 0 ? r.latencyNanos() : Long.MIN_VALUE; // JFR shows N/A
        e.payload = payload(r.payload());
        e.truncated = r.truncated();
        e.commit();
    }

    @Override
    public void tlsClientHello(TlsClientHello h) {
        TlsClientHelloEvent e = new TlsClientHelloEvent();
        if (!e.isEnabled()) {
            return;
        }
        setOrigin(e, h.origin());
        setConnection(e, h.sourceAddress(), h.sourcePort(), h.destinationAddress(), h.destinationPort());
        e.serverName = h.serverName();
        e.alpn = h.alpn();
        e.tlsVersion = h.tlsVersion();
        e.fingerprint = h.fingerprint();
        e.ja3 = h.ja3();
        e.bytes = h.bytes();
        e.truncated = h.truncated();
        e.commit();
    }

    /** Absent (null) unless the payload option asked for it. */
    private static String payload(String p) {
        return p == null || p.isEmpty() ? null : p;
    }

    @Override
    public void drained() {
        SenderThreads threads = senders.get();
        if (threads != null) {
            threads.drained();
        }
    }

    private void setOrigin(ProcessContextEvent e, Origin o) {
        e.pid = o.pid();
        e.tid = o.tid();
        e.hostPid = o.hostPid();
        e.threadName = o.threadName();
        e.cgroupId = o.cgroupId();
        e.cgroup = cgroups.path(o.cgroupId());
        e.processName = o.processName();
        e.commandLine = commandLines.forEvent(o);
        SenderThreads threads = o.pid() == ownPid ? senders.get() : null;
        SenderThreads.Sender sender = threads != null ? threads.sender(o.tid(), o.kernelTimeNanos()) : null;
        if (sender != null) {
            e.javaThread = sender.javaThread();
            e.carrierThread = sender.carrier();
        }
        e.kernelTime = EventValues.kernelTimeMillis(o, clock);
    }

    private static void setConnection(ConnectionEvent e, String sourceAddress, int sourcePort,
            String destinationAddress, int destinationPort) {
        e.sourceAddress = sourceAddress;
        e.sourcePort = sourcePort;
        e.destinationAddress = destinationAddress;
        e.destinationPort = destinationPort;
    }
}
