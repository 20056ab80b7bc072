package io.netjfr.analyze.rules;

import io.netjfr.analyze.RecordingAnalyzer;
import org.openjdk.jmc.common.IMCFrame;
import org.openjdk.jmc.common.IMCStackTrace;
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
import org.openjdk.jmc.flightrecorder.JfrAttributes;
import org.openjdk.jmc.flightrecorder.rules.Severity;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The code that sent the requests of Java threads, in JMC without running analyze: each
 * netjfr.HttpRequest and TlsClientHello with a {@code javaThread} is joined with the
 * jdk.SocketWrite of the same thread (by Java thread id: JMC's threads carry no OS thread
 * id) to the same address and port, nearest in time (within a second), and counted under
 * the first two application frames of that write's stack (the method that wrote, and its
 * caller: the first is often a shared helper). Needs the template's socket events
 * (threshold 0 ms, with stacks).
 */
public final class SendingCodeRule extends NetjfrRule {
    private static final long WINDOW_NANOS = 1_000_000_000L;
    private static final String SOCKET_WRITE = "jdk.SocketWrite";
    private static final IAttribute<IQuantity> KERNEL_TIME = Attribute.attr("kernelTime", "Kernel Time",
            UnitLookup.TIMESTAMP);
    private static final IAttribute<String> ADDRESS = Attribute.attr("address", "Remote Address",
            UnitLookup.PLAIN_TEXT);
    private static final IAttribute<IQuantity> PORT = Attribute.attr("port", "Remote Port", UnitLookup.NUMBER);

    public SendingCodeRule() {
        super("netjfr.SendingCode", "Code that sent the requests", NetjfrItems.HTTP_REQUEST);
    }

    @Override
    Verdict judge(IItemCollection items) {
        Map<String, TreeMap<Long, String>> writes = socketWrites(items);
        Map<String, Integer> byMethod = new TreeMap<>();
        Map<String, TreeSet<String>> threads = new HashMap<>();
        int requests = 0;
        int matched = 0;
        for (String type : new String[] {NetjfrItems.HTTP_REQUEST, "netjfr.TlsClientHello"}) {
            for (IItemIterable events : items.apply(ItemFilters.type(type))) {
                var thread = NetjfrItems.JAVA_THREAD.getAccessor(events.getType());
                var address = NetjfrItems.DESTINATION.getAccessor(events.getType());
                var port = NetjfrItems.DESTINATION_PORT.getAccessor(events.getType());
                var time = KERNEL_TIME.getAccessor(events.getType());
                if (thread == null || address == null || port == null || time == null) {
                    continue;
                }
                for (IItem item : events) {
                    IMCThread t = thread.getMember(item);
                    if (t == null) {
                        continue;
                    }
                    requests++;
                    String method = RecordingAnalyzer.nearest(writes.get(key(t.getThreadId(), address.getMember(item),
                            port.getMember(item).longValue())), nanos(time.getMember(item)), WINDOW_NANOS);
                    if (method != null) {
                        matched++;
                        byMethod.merge(method, 1, Integer::sum);
                        threads.computeIfAbsent(method, m -> new TreeSet<>()).add(t.getThreadName());
                    }
                }
            }
        }
        if (requests == 0) {
            return Verdict.ok("No requests from Java threads of the recording JVM.");
        }
        if (matched == 0) {
            return new Verdict(Severity.WARNING, "None of " + requests + " requests from Java threads matched a "
                    + "jdk.SocketWrite with a stack trace.", "Record with jfr-templates/netjfr-profile.jfc: it records "
                    + "jdk.SocketWrite for every write (threshold 0 ms) with its stack trace.");
        }
        StringBuilder explanation = new StringBuilder("Each request joined with the jdk.SocketWrite of the same "
                + "thread to the same address and port, nearest in time; the first application frames of its stack:");
        byMethod.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> explanation.append("\n").append(e.getKey()).append(": ").append(e.getValue())
                        .append(e.getValue() == 1 ? " request" : " requests").append(" (")
                        .append(String.join(", ", threads.get(e.getKey()))).append(")"));
        String top = byMethod.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        return new Verdict(Severity.INFO, matched + " of " + requests + " requests from Java threads were traced "
                + "to the code that sent them, most to " + top + ".", explanation.toString());
    }

    /** Thread, address and port -> start time (ns) -> application frames, of the writes that have a stack. */
    private static Map<String, TreeMap<Long, String>> socketWrites(IItemCollection items) {
        Map<String, TreeMap<Long, String>> writes = new HashMap<>();
        for (IItemIterable events : items.apply(ItemFilters.type(SOCKET_WRITE))) {
            IMemberAccessor<IMCThread, IItem> thread = JfrAttributes.EVENT_THREAD.getAccessor(events.getType());
            IMemberAccessor<IMCStackTrace, IItem> stack = JfrAttributes.EVENT_STACKTRACE.getAccessor(events.getType());
            IMemberAccessor<IQuantity, IItem> start = JfrAttributes.START_TIME.getAccessor(events.getType());
            var address = ADDRESS.getAccessor(events.getType());
            var port = PORT.getAccessor(events.getType());
            if (thread == null || stack == null || start == null || address == null || port == null) {
                continue;
            }
            for (IItem item : events) {
                IMCThread t = thread.getMember(item);
                String frame = applicationFrames(stack.getMember(item));
                if (t != null && frame != null) {
                    writes.computeIfAbsent(key(t.getThreadId(), address.getMember(item), port.getMember(item).longValue()),
                            k -> new TreeMap<>()).put(nanos(start.getMember(item)), frame);
                }
            }
        }
        return writes;
    }

    private static String key(Long javaThreadId, String address, long port) {
        return javaThreadId + "|" + RecordingAnalyzer.normalize(address) + "|" + port;
    }

    private static long nanos(IQuantity timestamp) {
        return timestamp.clampedLongValueIn(UnitLookup.EPOCH_NS);
    }

    /**
     * "Writer.method <- Caller.method": the first two frames outside the JDK, lambda proxies
     * skipped; null without any.
     */
    private static String applicationFrames(IMCStackTrace trace) {
        if (trace == null) {
            return null;
        }
        StringBuilder frames = new StringBuilder();
        int n = 0;
        for (IMCFrame f : trace.getFrames()) {
            String type = f.getMethod().getType().getFullName();
            if (!RecordingAnalyzer.isJdk(type) && !RecordingAnalyzer.isLambdaProxy(type)) {
                frames.append(n == 0 ? "" : " <- ").append(type).append('.').append(f.getMethod().getMethodName());
                if (++n == 2) {
                    break;
                }
            }
        }
        return n == 0 ? null : frames.toString();
    }
}
