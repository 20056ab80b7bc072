package io.netjfr.analyze.rules;

import io.netjfr.analyze.rules.NetjfrItems.Packet;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.flightrecorder.rules.Severity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Many connections carrying one request each: a new TCP (and TLS) handshake per request. */
public final class ShortConnectionsRule extends NetjfrRule {
    static final int MIN_CONNECTIONS = 10;
    static final double MAX_REQUESTS_PER_CONNECTION = 1.5;

    public ShortConnectionsRule() {
        super("netjfr.ShortConnections", "Many short connections", NetjfrItems.HTTP_REQUEST);
    }

    @Override
    Verdict judge(IItemCollection items) {
        Map<String, Set<Long>> connections = new HashMap<>();
        Map<String, Integer> requests = new HashMap<>();
        for (Packet p : NetjfrItems.packets(items, NetjfrItems.HTTP_REQUEST)) {
            String key = "pid " + p.pid() + " -> " + p.destination() + ":" + p.destinationPort();
            connections.computeIfAbsent(key, k -> new HashSet<>()).add(p.sourcePort());
            requests.merge(key, 1, Integer::sum);
        }
        List<String> offenders = new ArrayList<>();
        connections.forEach((key, ports) -> {
            int n = ports.size();
            if (n >= MIN_CONNECTIONS && requests.get(key) / (double) n < MAX_REQUESTS_PER_CONNECTION) {
                offenders.add(key + ": " + requests.get(key) + " requests on " + n + " connections");
            }
        });
        if (offenders.isEmpty()) {
            return Verdict.ok("HTTP connections are reused.");
        }
        offenders.sort(null);
        return new Verdict(Severity.WARNING, "Most HTTP requests open a new connection: " + String.join("; ",
                offenders) + ".", "Each new connection costs a TCP handshake (and a TLS one over HTTPS) and, "
                + "when closed by the client, a TIME_WAIT socket. Reuse connections (HTTP keep-alive, a pooled "
                + "client).");
    }
}
