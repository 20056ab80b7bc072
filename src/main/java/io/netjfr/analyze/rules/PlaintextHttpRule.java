package io.netjfr.analyze.rules;

import io.netjfr.analyze.rules.NetjfrItems.Packet;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.flightrecorder.rules.Severity;

import java.util.List;
import java.util.TreeSet;

/** HTTP/1.x in plain text to another host: anything on the path can read it, credentials included. */
public final class PlaintextHttpRule extends NetjfrRule {
    public PlaintextHttpRule() {
        super("netjfr.PlaintextHttp", "Plaintext HTTP leaving the host", NetjfrItems.HTTP_REQUEST);
    }

    @Override
    Verdict judge(IItemCollection items) {
        List<Packet> leaving = NetjfrItems.packets(items, NetjfrItems.HTTP_REQUEST).stream()
                .filter(p -> !NetjfrItems.isLoopback(p.destination())).toList();
        if (leaving.isEmpty()) {
            return Verdict.ok("No plaintext HTTP request left the host.");
        }
        TreeSet<String> destinations = new TreeSet<>();
        leaving.forEach(p -> destinations.add(p.host() + " (" + p.destination() + ":" + p.destinationPort() + ")"));
        return new Verdict(Severity.WARNING, leaving.size() + " plaintext HTTP requests left the host, to "
                + String.join(", ", destinations) + ".", "These requests travel unencrypted: headers such as "
                + "Authorization and Cookie, and query strings, can be read and changed on the way. Use HTTPS.");
    }
}
