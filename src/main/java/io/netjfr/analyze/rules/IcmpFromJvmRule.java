package io.netjfr.analyze.rules;

import io.netjfr.analyze.rules.NetjfrItems.Packet;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.flightrecorder.rules.Severity;

import java.util.List;
import java.util.TreeSet;

/** ICMP sent by a JVM: usually InetAddress.isReachable running as root, often unintended. */
public final class IcmpFromJvmRule extends NetjfrRule {
    public IcmpFromJvmRule() {
        super("netjfr.IcmpFromJvm", "ICMP sent by a JVM", NetjfrItems.ICMP);
    }

    @Override
    Verdict judge(IItemCollection items) {
        List<Packet> fromJvm = NetjfrItems.packets(items, NetjfrItems.ICMP).stream()
                .filter(p -> p.javaThread() != null || "java".equals(p.processName())).toList();
        if (fromJvm.isEmpty()) {
            return Verdict.ok("No JVM sent ICMP.");
        }
        TreeSet<String> threads = new TreeSet<>();
        fromJvm.forEach(p -> threads.add(p.javaThread() != null ? p.javaThread() : "pid " + p.pid()));
        String packets = fromJvm.size() == 1 ? " ICMP packet was" : " ICMP packets were";
        return new Verdict(Severity.INFO, fromJvm.size() + packets + " sent by a JVM (" + String.join(", ",
                threads) + ").", "InetAddress.isReachable sends ICMP echo requests when the JVM may open raw "
                + "sockets (root, CAP_NET_RAW), and falls back to a TCP connection to port 7 otherwise: the same "
                + "code probes differently depending on privileges. Check that these probes are intended.");
    }
}
