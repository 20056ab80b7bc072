package io.netjfr.it;

import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.netjfr.it.Events.describe;
import static io.netjfr.it.Events.javaThreadName;
import static io.netjfr.it.Events.read;
import static io.netjfr.it.Events.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent end to end: a child JVM started with -javaagent and -XX:StartFlightRecording
 * with the netjfr template sends real ICMP and HTTP from named threads; the recording it
 * writes at exit holds the kernel's view of each packet, attributed to the right pid and
 * java.lang.Thread.
 */
@RequiresBpf
class AgentIT {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.netjfr.it.Jvm#jdks")
    void packetsOfThisJvmArriveInItsRecording(Path jdk) throws Exception {
        Path jfr = dir.resolve("app.jfr");
        List<RecordedEvent> icmp;
        List<RecordedEvent> http;
        long pid;
        String output;
        try (Jvm app = Jvm.start(jdk, Jvm.agentRecording("", jfr), "io.netjfr.it.apps.NetworkApp")) {
            assertEquals(0, app.waitFor(Duration.ofSeconds(60)), app.output());
            pid = app.pid();
            output = app.output();
            assertTrue(app.stdout().contains("app finished"), output);
            // no warning the agent could avoid, on every JDK (JDK 22+ gets the README's flag)
            assertTrue(app.stderr().stream().noneMatch(l -> l.contains("WARNING") || l.contains("netjfr:")), output);
        }
        String[] ports = Files2.line(output, "ports ").split(" ");
        int port4 = Integer.parseInt(ports[1]);
        int port6 = Integer.parseInt(ports[2]);

        icmp = read(jfr, "netjfr.IcmpPacket");
        List<RecordedEvent> echo = where(icmp, e -> e.getInt("icmpType") == 8
                && "127.0.0.1".equals(e.getString("destinationAddress")));
        assertEquals(1, echo.size(), describe(icmp));
        RecordedEvent ping = echo.get(0);
        assertEquals(pid, ping.getInt("pid"));
        assertEquals("icmp-sender", javaThreadName(ping));
        assertEquals("IPv4", ping.getString("family"));
        assertEquals("127.0.0.1", ping.getString("sourceAddress"));
        assertEquals("java", ping.getString("processName"));
        // the full command line once per process and chunk; in the packet events as much of it as
        // this JDK's JFR writes once per chunk (JDK 17: under 128 characters, JDK 25: all)
        List<RecordedEvent> processes = where(read(jfr, "netjfr.Process"), e -> e.getInt("pid") == pid);
        assertFalse(processes.isEmpty(), "a netjfr.Process for the app");
        String full = processes.get(0).getString("commandLine");
        assertTrue(full.contains("io.netjfr.it.apps.NetworkApp") && full.length() > 127, full);
        assertEquals("java", processes.get(0).getString("processName"));
        String inEvent = ping.getString("commandLine");
        if (Jvm.feature(jdk) < 25) {
            assertEquals(full.substring(0, 126) + "\u2026", inEvent);
        } else {
            assertEquals(full, inEvent);
        }
        assertTrue(ping.getLong("kernelTime") > 0);
        // the kernel's echo reply goes out on its own socket: not blamed on the app
        assertTrue(where(icmp, e -> e.getInt("icmpType") == 0).isEmpty(), describe(icmp));

        http = read(jfr, "netjfr.HttpRequest");
        // one event per request: none twice, none from the servers' responses
        assertEquals(5, http.size(), describe(http));
        assertTrue(where(http, e -> e.getInt("sourcePort") == port4 || e.getInt("sourcePort") == port6).isEmpty());
        for (RecordedEvent e : http) {
            assertEquals(pid, e.getInt("pid"));
            assertEquals("http-sender", javaThreadName(e), e.toString());
            assertEquals("HTTP/1.1", e.getString("version"));
        }
        RecordedEvent first = one(http, "/first?q=1");
        assertEquals("GET", first.getString("method"));
        assertEquals("127.0.0.1:" + port4, first.getString("host"));
        assertEquals("127.0.0.1", first.getString("sourceAddress"));
        assertEquals("127.0.0.1", first.getString("destinationAddress"));
        assertEquals(port4, first.getInt("destinationPort"));
        assertTrue(first.getLong("bytes") > 50);

        RecordedEvent ka1 = one(http, "/ka1?r=1");
        RecordedEvent ka2 = one(http, "/ka2?r=1");
        assertEquals(ka1.getInt("sourcePort"), ka2.getInt("sourcePort"), "same keep-alive connection");
        assertEquals("keepalive.test", ka2.getString("host"));

        RecordedEvent split = one(http, "/split?r=1");
        assertEquals("POST", split.getString("method"));
        assertEquals("split.test", split.getString("host"));

        RecordedEvent six = one(http, "/six?r=1");
        assertEquals("::1", six.getString("destinationAddress"));
        assertEquals("::1", six.getString("sourceAddress"));
        assertEquals(port6, six.getInt("destinationPort"));

        // every request answered twice: read by the client thread, written by the server
        List<RecordedEvent> responses = read(jfr, "netjfr.HttpResponse");
        List<RecordedEvent> read = where(responses, e -> "read by client".equals(e.getString("side")));
        assertEquals(5, read.size(), describe(responses));
        for (RecordedEvent r : read) {
            assertEquals(pid, r.getInt("pid"));
            assertEquals("http-sender", javaThreadName(r), r.toString());
            assertEquals(200, r.getInt("status"));
            assertTrue(r.getDuration("latency").toNanos() > 0, r.toString());
        }
        assertEquals(2, where(read, e -> e.getInt("destinationPort") == ka1.getInt("sourcePort")).size(),
                "both keep-alive responses on the keep-alive connection\n" + describe(read));
        assertEquals(1, where(read, e -> "::1".equals(e.getString("sourceAddress"))).size(), describe(read));
        List<RecordedEvent> written = where(responses, e -> "written by server".equals(e.getString("side")));
        assertEquals(5, written.size(), describe(responses));
        assertTrue(written.stream().allMatch(e -> e.getInt("sourcePort") == port4 || e.getInt("sourcePort") == port6));

        // the app ran for seconds, the summaries' period is 60 s: the last period goes out as the recording ends
        List<RecordedEvent> icmpSummary = where(read(jfr, "netjfr.IcmpSummary"), e -> e.getInt("hostPid") == pid
                && "127.0.0.1".equals(e.getString("destinationAddress")) && e.getInt("icmpType") == 8);
        assertEquals(1, icmpSummary.stream().mapToLong(e -> e.getLong("packets")).sum(), describe(icmpSummary));
        List<RecordedEvent> httpSummary = where(read(jfr, "netjfr.HttpSummary"), e -> e.getInt("hostPid") == pid
                && "client".equals(e.getString("side")));
        assertEquals(5, httpSummary.stream().mapToLong(e -> e.getLong("exchanges")).sum(), describe(httpSummary));

        List<RecordedEvent> stats = read(jfr, "netjfr.Statistics");
        assertFalse(stats.isEmpty(), "statistics at the end of the recording");
        for (RecordedEvent s : stats) {
            assertEquals("tp_btf", s.getString("attachMode"), s.toString());
            assertEquals(0, s.getLong("eventsLost"));
        }
    }

    private static RecordedEvent one(List<RecordedEvent> http, String target) {
        List<RecordedEvent> matching = where(http, e -> target.equals(e.getString("target")));
        assertEquals(1, matching.size(), target + " in\n" + describe(http));
        return matching.get(0);
    }
}
