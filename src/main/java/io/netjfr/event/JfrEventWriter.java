package io.netjfr.event;

import io.netjfr.correlate.JavaThreads;
import io.netjfr.record.HttpRequest;
import io.netjfr.record.IcmpPacket;
import io.netjfr.record.KernelClock;
import io.netjfr.record.Origin;
import io.netjfr.record.RecordSink;

/**
 * Where a decoded kernel event becomes a JFR event in this JVM's recordings. The sender's
 * {@code java.lang.Thread} is looked up when the packet came from this JVM.
 */
public final class JfrEventWriter implements RecordSink {
    private final long ownPid = ProcessHandle.current().pid();
    private final JavaThreads javaThreads = new JavaThreads();
    private final KernelClock clock = new KernelClock();

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
        e.sourceAddress = r.sourceAddress();
        e.sourcePort = r.sourcePort();
        e.destinationAddress = r.destinationAddress();
        e.destinationPort = r.destinationPort();
        e.method = r.method();
        e.target = r.target();
        e.host = r.host();
        e.version = r.version();
        e.bytes = r.bytes();
        e.commit();
    }

    private void setOrigin(ProcessContextEvent e, Origin o) {
        e.pid = o.pid();
        e.tid = o.tid();
        e.processName = o.processName();
        e.commandLine = o.commandLine();
        e.javaThread = o.pid() == ownPid ? javaThreads.byOsThreadId(o.tid()) : null;
        e.kernelTime = EventValues.kernelTimeMillis(o, clock);
    }
}
