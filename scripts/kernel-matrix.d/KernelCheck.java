import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Runs inside the qemu guest of scripts/kernel-matrix: reads the recording of one
 * NetworkApp round (one -javaagent run) and prints one line per hook:
 * <pre>hook=icmp expected=kprobe mode=kprobe events=1 lost=0 result=PASS [why=...]</pre>
 * Usage: KernelCheck RECORDING HOOK=EXPECTED_MODE...  (hooks: process, icmp, http, tls, recv).
 * The checks are those of AgentIT: the app's one echo request and its five HTTP request
 * heads, with pid, tid (that of the sending thread's jdk.ThreadStart), java.lang.Thread,
 * addresses and ports right, nothing twice, no echo reply blamed on the app; responses the
 * app read (recv); its one TLS ClientHello (tls); and every hook attached in the expected
 * mode (netjfr.Statistics).
 * Exit status 0 when every line is PASS.
 */
public final class KernelCheck {
    public static void main(String[] args) throws Exception {
        List<RecordedEvent> all = RecordingFile.readAllEvents(Path.of(args[0]));
        long pid = all.stream().filter(e -> e.getEventType().getName().equals("jdk.JVMInformation"))
                .mapToLong(e -> e.getLong("pid")).findFirst().orElse(-1);
        Map<String, Long> tids = new HashMap<>();
        for (RecordedEvent e : named(all, "jdk.ThreadStart")) {
            RecordedThread t = e.getThread("thread");
            if (t != null && t.getJavaName() != null) {
                tids.put(t.getJavaName(), t.getOSThreadId());
            }
        }
        boolean ok = true;
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            ok &= report(all, pid, tids, kv[0], kv[1]);
        }
        System.exit(ok ? 0 : 1);
    }

    private static boolean report(List<RecordedEvent> all, long pid, Map<String, Long> tids, String hook,
            String expected) {
        Set<String> why = new LinkedHashSet<>();
        List<RecordedEvent> stats = where(named(all, "netjfr.Statistics"), e -> hook.equals(e.getString("hook")));
        String mode = stats.isEmpty() ? "none" : stats.get(stats.size() - 1).getString("attachMode");
        mode = mode == null || mode.isEmpty() ? "none" : mode;
        long lost = stats.stream().mapToLong(e -> e.getLong("eventsLost")).max().orElse(0);
        long events;
        if (!mode.equals(expected)) {
            why.add("attached " + mode + ", expected " + expected);
        }
        if (lost != 0) {
            why.add(lost + " lost");
        }
        switch (hook) {
            case "icmp" -> events = checkIcmp(named(all, "netjfr.IcmpPacket"), named(all, "netjfr.Process"), pid, tids,
                    why);
            case "http" -> events = checkHttp(named(all, "netjfr.HttpRequest"), pid, tids, why);
            case "recv" -> events = checkResponsesRead(named(all, "netjfr.HttpResponse"),
                    !where(named(all, "netjfr.HttpRequest"), e -> e.getInt("pid") == pid).isEmpty(), pid, why);
            case "tls" -> events = checkTls(named(all, "netjfr.TlsClientHello"), pid, tids, why);
            default -> events = stats.stream().mapToLong(e -> e.getLong("eventsSeen")).max().orElse(0);
        }
        System.out.println("hook=" + hook + " expected=" + expected + " mode=" + mode + " events=" + events
                + " lost=" + lost + " result=" + (why.isEmpty() ? "PASS" : "FAIL why=" + String.join("; ", why)));
        return why.isEmpty();
    }

    private static long checkIcmp(List<RecordedEvent> icmp, List<RecordedEvent> processes, long pid,
            Map<String, Long> tids, Set<String> why) {
        // the full command line once per process and chunk; the events carry what JFR pools (JDK 17: 127 characters)
        List<RecordedEvent> own = where(processes, e -> e.getInt("pid") == pid);
        String full = own.isEmpty() ? null : own.get(0).getString("commandLine");
        if (full == null || !full.contains("NetworkApp")) {
            why.add("netjfr.Process commandLine " + full);
        }
        List<RecordedEvent> echo = where(icmp, e -> e.getInt("icmpType") == 8
                && "127.0.0.1".equals(e.getString("destinationAddress")));
        if (echo.size() != 1) {
            why.add(echo.size() + " echo requests to 127.0.0.1, expected 1");
        }
        for (RecordedEvent e : echo) {
            expect(why, "pid", pid, e.getInt("pid"));
            expect(why, "javaThread", "icmp-sender", threadName(e));
            expect(why, "tid", tids.get("icmp-sender"), (long) e.getInt("tid"));
            expect(why, "family", "IPv4", e.getString("family"));
            expect(why, "sourceAddress", "127.0.0.1", e.getString("sourceAddress"));
            expect(why, "processName", "java", e.getString("processName"));
            String cmd = e.getString("commandLine");
            if (cmd == null || full == null || !(cmd.equals(full)
                    || (cmd.endsWith("\u2026") && full.startsWith(cmd.substring(0, cmd.length() - 1))))) {
                why.add("commandLine " + cmd);
            }
        }
        if (!where(icmp, e -> e.getInt("icmpType") == 0).isEmpty()) {
            why.add("echo reply attributed to the app");
        }
        return icmp.size();
    }

    private static long checkTls(List<RecordedEvent> tls, long pid, Map<String, Long> tids, Set<String> why) {
        List<RecordedEvent> hello = where(tls, e -> "netjfr.test".equals(e.getString("serverName")));
        if (hello.size() != 1) {
            why.add(hello.size() + " ClientHellos with SNI netjfr.test, expected 1");
        }
        for (RecordedEvent e : hello) {
            expect(why, "pid", pid, e.getInt("pid"));
            expect(why, "javaThread", "http-sender", threadName(e));
            expect(why, "tid", tids.get("http-sender"), (long) e.getInt("tid"));
        }
        return tls.size();
    }

    private static long checkHttp(List<RecordedEvent> http, long pid, Map<String, Long> tids, Set<String> why) {
        Set<String> targets = new TreeSet<>();
        for (RecordedEvent e : http) {
            if (!targets.add(e.getString("target"))) {
                why.add("twice: " + e.getString("target"));
            }
            expect(why, "pid", pid, e.getInt("pid"));
            expect(why, "javaThread", "http-sender", threadName(e));
            expect(why, "tid", tids.get("http-sender"), (long) e.getInt("tid"));
            expect(why, "version", "HTTP/1.1", e.getString("version"));
        }
        Set<String> expected = new TreeSet<>(List.of("/first?q=1", "/ka1?r=1", "/ka2?r=1", "/split?r=1", "/six?r=1"));
        if (!targets.equals(expected)) {
            why.add("targets " + targets);
        }
        for (RecordedEvent e : http) {
            String target = e.getString("target");
            if ("/split?r=1".equals(target)) {
                expect(why, "split method", "POST", e.getString("method"));
                expect(why, "split host", "split.test", e.getString("host"));
            } else if ("/six?r=1".equals(target)) {
                expect(why, "six source", "::1", e.getString("sourceAddress"));
                expect(why, "six destination", "::1", e.getString("destinationAddress"));
            } else if ("/first?q=1".equals(target)) {
                expect(why, "first method", "GET", e.getString("method"));
                expect(why, "first destination", "127.0.0.1", e.getString("destinationAddress"));
                String host = e.getString("host");
                if (host == null || !host.equals("127.0.0.1:" + e.getInt("destinationPort"))) {
                    why.add("first host " + host);
                }
            }
        }
        return http.size();
    }

    /**
     * The app's requests got responses it read itself (the recv hook), each timed when the
     * requests were seen too (a forced mode the http hook lacks leaves them out).
     */
    private static long checkResponsesRead(List<RecordedEvent> responses, boolean requestsSeen, long pid,
            Set<String> why) {
        List<RecordedEvent> read = where(responses, e -> e.getInt("pid") == pid
                && "read by client".equals(e.getString("side")));
        if (read.isEmpty()) {
            why.add("no response read by the app");
        }
        for (RecordedEvent e : read) {
            if (e.getInt("status") != 200 || (requestsSeen && e.getDuration("latency").isNegative())) {
                why.add("response read " + e.getInt("status") + " after " + e.getDuration("latency"));
            }
        }
        return read.size();
    }

    private static void expect(Set<String> why, String what, Object expected, Object actual) {
        if (!String.valueOf(expected).equals(String.valueOf(actual))) {
            why.add(what + " " + actual + " (expected " + expected + ")");
        }
    }

    private static String threadName(RecordedEvent e) {
        RecordedThread t = e.getThread("javaThread");
        return t == null ? null : t.getJavaName();
    }

    private static List<RecordedEvent> named(List<RecordedEvent> all, String name) {
        return where(all, e -> e.getEventType().getName().equals(name));
    }

    private static List<RecordedEvent> where(List<RecordedEvent> events, Predicate<RecordedEvent> p) {
        return events.stream().filter(p).collect(Collectors.toList());
    }
}
