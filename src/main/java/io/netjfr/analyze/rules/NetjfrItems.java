package io.netjfr.analyze.rules;

import org.openjdk.jmc.common.IMCThread;
import org.openjdk.jmc.common.item.Attribute;
import org.openjdk.jmc.common.item.IAttribute;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IMemberAccessor;
import org.openjdk.jmc.common.item.ItemFilters;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;

import java.util.ArrayList;
import java.util.List;

/** netjfr events as JMC items: the fields the rules read, one small record per event. */
final class NetjfrItems {
    static final String ICMP = "netjfr.IcmpPacket";
    static final String HTTP_REQUEST = "netjfr.HttpRequest";

    private static final IAttribute<IQuantity> PID = Attribute.attr("pid", "PID", UnitLookup.NUMBER);
    private static final IAttribute<String> PROCESS_NAME = Attribute.attr("processName", "Process Name",
            UnitLookup.PLAIN_TEXT);
    private static final IAttribute<String> COMMAND_LINE = Attribute.attr("commandLine", "Command Line",
            UnitLookup.PLAIN_TEXT);
    static final IAttribute<IMCThread> JAVA_THREAD = Attribute.attr("javaThread", "Java Thread",
            UnitLookup.THREAD);
    static final IAttribute<String> DESTINATION = Attribute.attr("destinationAddress",
            "Destination Address", UnitLookup.PLAIN_TEXT);
    static final IAttribute<IQuantity> DESTINATION_PORT = Attribute.attr("destinationPort",
            "Destination Port", UnitLookup.NUMBER);
    private static final IAttribute<IQuantity> SOURCE_PORT = Attribute.attr("sourcePort", "Source Port",
            UnitLookup.NUMBER);
    private static final IAttribute<String> HOST = Attribute.attr("host", "Host", UnitLookup.PLAIN_TEXT);

    /** The fields of a packet event the rules use; ports are 0 for ICMP. */
    record Packet(long pid, String processName, String commandLine, String javaThread, String destination,
            long destinationPort, long sourcePort, String host) {
    }

    private NetjfrItems() {
    }

    static List<Packet> packets(IItemCollection items, String type) {
        List<Packet> out = new ArrayList<>();
        for (IItemIterable events : items.apply(ItemFilters.type(type))) {
            var pid = PID.getAccessor(events.getType());
            var name = PROCESS_NAME.getAccessor(events.getType());
            var cmd = COMMAND_LINE.getAccessor(events.getType());
            var thread = JAVA_THREAD.getAccessor(events.getType());
            var dst = DESTINATION.getAccessor(events.getType());
            var dport = DESTINATION_PORT.getAccessor(events.getType());
            var sport = SOURCE_PORT.getAccessor(events.getType());
            var host = HOST.getAccessor(events.getType());
            for (IItem item : events) {
                IMCThread t = get(thread, item);
                out.add(new Packet(number(pid, item), get(name, item), get(cmd, item),
                        t == null ? null : t.getThreadName(), get(dst, item), number(dport, item),
                        number(sport, item), get(host, item)));
            }
        }
        return out;
    }

    private static <T> T get(IMemberAccessor<T, IItem> accessor, IItem item) {
        return accessor == null ? null : accessor.getMember(item);
    }

    private static long number(IMemberAccessor<IQuantity, IItem> accessor, IItem item) {
        IQuantity q = get(accessor, item);
        return q == null ? 0 : q.longValue();
    }

    static boolean isLoopback(String address) {
        return address != null && (address.startsWith("127.") || address.equals("::1")
                || address.equals("0:0:0:0:0:0:0:1") || address.startsWith("::ffff:127."));
    }
}
