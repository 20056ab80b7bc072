package io.netjfr.analyze;

import io.netjfr.analyze.Analysis.AttributedRequest;
import io.netjfr.analyze.Analysis.HookStatistics;
import io.netjfr.analyze.Analysis.IcmpSender;
import io.netjfr.analyze.Analysis.ProcessTraffic;
import io.netjfr.analyze.Analysis.ThreadTraffic;
import io.netjfr.analyze.rules.NetjfrRules;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads a recording (from the agent or from {@code record}) once, streaming, and joins
 * netjfr's kernel events with the JDK's own: a request sent by the recording JVM gets the
 * stack of the jdk.SocketWrite on the same thread to the same address and port, nearest
 * in time. "The same thread" is the OS thread id, which both always carry (the event's
 * {@code tid}, the socket event thread's OS thread id), so the join holds when
 * {@code javaThread} is empty; a virtual thread has no OS thread of its own in JFR, so for
 * one the join is on its Java thread id (netjfr's {@code javaThread} is the virtual thread).
 */
public final class RecordingAnalyzer {
    private static final int TOP = 10;
    private static final int STACK_DEPTH = 6;
    private static final long MATCH_WINDOW_MILLIS = 1000;

    private final Map<Integer, long[]> processPacketsBytes = new HashMap<>();
    private final Map<Integer, String[]> processNames = new HashMap<>();
    /** From netjfr.Process: the agent's packet events may carry a command line cut to what JFR pools. */
    private final Map<Integer, String> fullCommandLines = new HashMap<>();
    private final Map<String, long[]> threadPacketsBytes = new HashMap<>();
    private final Map<String, HookStatistics> hooks = new TreeMap<>();
    private final Map<Integer, IcmpAccumulator> icmp = new TreeMap<>();
    private final Map<Integer, TreeMap<Long, Long>> perSecond = new HashMap<>();
    private final List<PendingRequest> pending = new ArrayList<>();
    private final Map<String, TreeMap<Long, List<String>>> socketWrites = new HashMap<>();
    private Instant start;
    private Instant end;
    private long netjfrEvents;
    /** The recording JVM's pid (jdk.JVMInformation); 0 for a recording of `record`, which has none. */
    private long jvmPid;

    private record PendingRequest(Instant time, String event, int pid, boolean fromJavaThread, String thread,
            String threadKey, String summary, String address, int port) {
    }

    private static final class IcmpAccumulator {
        String commandLine;
        final TreeSet<String> destinations = new TreeSet<>();
        long packets;
    }

    /** Analyzes {@code file}; rules run through JMC's parser on the same file. */
    public static Analysis analyze(Path file) throws IOException {
        RecordingAnalyzer a = new RecordingAnalyzer();
        try (RecordingFile rf = new RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                a.accept(rf.readEvent());
            }
        }
        return a.result(file, a.netjfrEvents == 0 ? List.of() : NetjfrRules.evaluate(file));
    }

    private void accept(RecordedEvent e) {
        Instant t = e.getStartTime();
        start = start == null || t.isBefore(start) ? t : start;
        end = end == null || t.isAfter(end) ? t : end;
        String type = e.getEventType().getName();
        if (type.startsWith("netjfr.")) {
            netjfrEvents++;
        }
        switch (type) {
            case "jdk.SocketWrite" -> socketWrite(e);
            case "jdk.JVMInformation" -> jvmPid = e.getLong("pid");
            case "netjfr.Statistics" -> hooks.put(e.getString("hook"), new HookStatistics(e.getString("hook"),
                    e.getString("attachMode"), e.getLong("eventsSeen"), e.getLong("eventsDelivered"),
                    e.getLong("eventsLost")));
            case "netjfr.Process" -> fullCommandLines.put(e.getInt("pid"), e.getString("commandLine"));
            case "netjfr.IcmpPacket" -> {
                packet(e, e.getInt("length"));
                IcmpAccumulator acc = icmp.computeIfAbsent(e.getInt("pid"), pid -> new IcmpAccumulator());
                acc.commandLine = e.getString("commandLine");
                acc.destinations.add(e.getString("destinationAddress"));
                acc.packets++;
            }
            case "netjfr.HttpRequest" -> {
                packet(e, e.getLong("bytes"));
                request(e, e.getString("method") + " http://" + e.getString("host") + e.getString("target"));
            }
            case "netjfr.TlsClientHello" -> {
                packet(e, 0);
                request(e, "TLS ClientHello " + e.getString("serverName"));
            }
            default -> {
                if (type.startsWith("netjfr.") && e.hasField("pid") && e.hasField("javaThread")) { // a packet
                    packet(e, e.hasField("bytes") ? e.getLong("bytes") : 0);
                }
            }
        }
    }

    private void packet(RecordedEvent e, long bytes) {
        int pid = e.getInt("pid");
        long[] pb = processPacketsBytes.computeIfAbsent(pid, p -> new long[2]);
        pb[0]++;
        pb[1] += bytes;
        processNames.put(pid, new String[] {e.getString("processName"), e.getString("commandLine")});
        RecordedThread jt = e.getThread("javaThread");
        if (jt != null) {
            long[] tb = threadPacketsBytes.computeIfAbsent(jt.getJavaName(), n -> new long[2]);
            tb[0]++;
            tb[1] += bytes;
        }
        perSecond.computeIfAbsent(pid, p -> new TreeMap<>()).merge(e.getStartTime().getEpochSecond(), 1L, Long::sum);
    }

    private void request(RecordedEvent e, String summary) {
        RecordedThread jt = e.getThread("javaThread");
        int tid = e.getInt("tid");
        String threadName = e.hasField("threadName") ? e.getString("threadName") : null;
        String thread = jt != null ? jt.getJavaName() : (threadName != null ? threadName : "?") + " (tid " + tid + ")";
        String threadKey = jt != null && jt.getOSThreadId() <= 0 ? threadKey(-1, jt.getJavaThreadId()) : threadKey(tid, 0);
        pending.add(new PendingRequest(e.getInstant("kernelTime"), e.getEventType().getName(), e.getInt("pid"),
                jt != null, thread, threadKey, summary, normalize(e.getString("destinationAddress")),
                e.getInt("destinationPort")));
    }

    /** The OS thread id when there is one, else (a virtual thread) the Java thread id. */
    private static String threadKey(long osThreadId, long javaThreadId) {
        return osThreadId > 0 ? "os " + osThreadId : "java " + javaThreadId;
    }

    private void socketWrite(RecordedEvent e) {
        RecordedThread t = e.getThread();
        if (t == null || e.getStackTrace() == null) {
            return;
        }
        String key = threadKey(t.getOSThreadId(), t.getJavaThreadId()) + "|" + normalize(e.getString("address"))
                + "|" + e.getInt("port");
        socketWrites.computeIfAbsent(key, k -> new TreeMap<>())
                .putIfAbsent(e.getStartTime().toEpochMilli(), stack(e.getStackTrace()));
    }

    /** The application's frames: from the first frame outside the JDK, a few deep, lambda proxies left out. */
    static List<String> stack(RecordedStackTrace trace) {
        List<RecordedFrame> frames = trace.getFrames();
        int first = 0;
        while (first < frames.size() && isJdk(frames.get(first).getMethod().getType().getName())) {
            first++;
        }
        if (first == frames.size()) {
            first = 0;
        }
        List<String> out = new ArrayList<>();
        for (int i = first; i < frames.size() && out.size() < STACK_DEPTH; i++) {
            RecordedFrame f = frames.get(i);
            if (isLambdaProxy(f.getMethod().getType().getName())) {
                continue;
            }
            out.add(f.getMethod().getType().getName() + "." + f.getMethod().getName()
                    + (f.getLineNumber() > 0 ? ":" + f.getLineNumber() : ""));
        }
        return out;
    }

    /** A class of the JDK rather than of the application. */
    public static boolean isJdk(String className) {
        return className.startsWith("java.") || className.startsWith("sun.") || className.startsWith("jdk.")
                || className.startsWith("javax.") || className.startsWith("com.sun.");
    }

    /**
     * A hidden class the JDK spins for a lambda ("App$$Lambda$12/0x...", which JFR names
     * "App$$Lambda$12+0x....123"): its frame says nothing the lambda's own frame does not.
     */
    public static boolean isLambdaProxy(String className) {
        return className.contains("$$Lambda");
    }

    /** One text form per address ("0:0:0:0:0:0:0:1" and "::1" alike); literals only, no DNS. */
    public static String normalize(String address) {
        if (address == null || address.isEmpty()) {
            return "";
        }
        String a = address.startsWith("[") ? address.substring(1, address.length() - 1) : address;
        if (!a.matches("[0-9a-fA-F:.]+")) {
            return a;
        }
        try {
            return InetAddress.getByName(a).getHostAddress();
        } catch (UnknownHostException e) {
            return a;
        }
    }

    private Analysis result(Path file, List<Analysis.RuleResult> rules) {
        List<ProcessTraffic> processes = new ArrayList<>();
        processPacketsBytes.forEach((pid, pb) -> {
            String[] names = processNames.get(pid);
            processes.add(new ProcessTraffic(pid, names[0], fullCommandLines.getOrDefault(pid, names[1]), pb[0], pb[1]));
        });
        processes.sort(Comparator.comparingLong(ProcessTraffic::packets).reversed()
                .thenComparing(Comparator.comparingLong(ProcessTraffic::bytes).reversed()));
        List<ThreadTraffic> threads = new ArrayList<>();
        threadPacketsBytes.forEach((name, tb) -> threads.add(new ThreadTraffic(name, tb[0], tb[1])));
        threads.sort(Comparator.comparingLong(ThreadTraffic::packets).reversed());

        List<AttributedRequest> requests = new ArrayList<>();
        pending.sort(Comparator.comparing(PendingRequest::time));
        for (PendingRequest r : pending) {
            if (jvmPid != 0 ? r.pid() != jvmPid : !r.fromJavaThread()) {
                continue; // another process: no JDK socket events to join with
            }
            TreeMap<Long, List<String>> writes = socketWrites.get(r.threadKey() + "|" + r.address() + "|" + r.port());
            requests.add(new AttributedRequest(r.time(), r.event(), r.thread(), r.summary(),
                    r.address() + ":" + r.port(), Objects.requireNonNullElse(
                            nearest(writes, r.time().toEpochMilli(), MATCH_WINDOW_MILLIS), List.of())));
        }
        List<IcmpSender> senders = new ArrayList<>();
        icmp.forEach((pid, acc) -> senders.add(new IcmpSender(pid, fullCommandLines.getOrDefault(pid, acc.commandLine),
                String.join(", ", acc.destinations), acc.packets)));

        Map<String, long[]> series = new LinkedHashMap<>();
        if (start != null) {
            long first = start.getEpochSecond();
            int seconds = (int) Math.max(1, end.getEpochSecond() - first + 1);
            for (ProcessTraffic p : processes.subList(0, Math.min(5, processes.size()))) {
                long[] counts = new long[seconds];
                perSecond.get(p.pid()).forEach((s, n) -> counts[(int) Math.min(seconds - 1, Math.max(0, s - first))] += n);
                series.put(p.label(), counts);
            }
        }
        return new Analysis(file.toString(), start, end, netjfrEvents, List.copyOf(hooks.values()),
                processes.subList(0, Math.min(TOP, processes.size())), threads.subList(0, Math.min(TOP, threads.size())),
                requests, senders, series, rules);
    }

    /** The value whose key is nearest to {@code key}, at most {@code window} away; null when none is. */
    public static <V> V nearest(TreeMap<Long, V> byTime, long key, long window) {
        if (byTime == null) {
            return null;
        }
        Map.Entry<Long, V> below = byTime.floorEntry(key);
        Map.Entry<Long, V> above = byTime.ceilingEntry(key);
        Map.Entry<Long, V> best = below == null ? above
                : above == null ? below : key - below.getKey() <= above.getKey() - key ? below : above;
        return best != null && Math.abs(best.getKey() - key) <= window ? best.getValue() : null;
    }
}
