package io.netjfr.it;

import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.netjfr.it.Events.describe;
import static io.netjfr.it.Exchanges.STEP;
import static io.netjfr.it.Exchanges.get;
import static io.netjfr.it.Exchanges.on;
import static io.netjfr.it.Exchanges.ours;
import static io.netjfr.it.Exchanges.port;
import static io.netjfr.it.Exchanges.step;
import static io.netjfr.it.Exchanges.warmUp;
import static io.netjfr.it.Events.read;
import static io.netjfr.it.Events.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JFR settings of netjfr's events enforced in the kernel, with real exchanges against a
 * JDK HttpServer in the recording JVM (a fast endpoint and a 60 ms one) and recordings
 * started and stopped in-process: the default template's latency threshold, concurrent
 * recordings combining to what each asked for and restored when one stops, and a throttle.
 */
@RequiresBpf
class SettingsIT {
    private static final Path DEFAULT = Path.of("jfr-templates/netjfr.jfc").toAbsolutePath();
    @TempDir
    Path dir;

    @Test
    void defaultTemplateRecordsOnlySlowExchanges() throws Exception {
        Path jfr = dir.resolve("default.jfr");
        int port;
        int slow;
        try (Jvm app = app()) {
            port = port(app);
            warmUp(app);
            step(app, "start a " + DEFAULT + " netjfr.HttpSummary#period=1_s");
            get(app, "/fast 20");
            slow = get(app, "/slow 3");
            get(app, "/fast 20");
            Thread.sleep(2500); // a summary period after the last exchange
            step(app, "stop a " + jfr);
        }
        List<RecordedEvent> responses = ours(read(jfr, "netjfr.HttpResponse"), port);
        List<RecordedEvent> onSlow = on(responses, slow);
        assertEquals(3, where(onSlow, e -> "written by server".equals(e.getString("side"))).size(), describe(responses));
        assertEquals(3, where(onSlow, e -> "read by client".equals(e.getString("side"))).size(), describe(responses));
        // a fast exchange the shared machine stalled past 20 ms is recorded, and only such
        for (RecordedEvent e : responses) {
            assertTrue(e.getDuration("latency").toMillis() >= 20, e.toString());
        }
        assertTrue(read(jfr, "netjfr.HttpRequest").isEmpty(), "requests are off in the default template");

        // the summaries count all 43 exchanges on each side, those without events too
        for (String side : List.of("server", "client")) {
            List<RecordedEvent> summaries = where(read(jfr, "netjfr.HttpSummary"),
                    e -> e.getInt("port") == port && side.equals(e.getString("side")));
            long recorded = where(responses, e -> e.getString("side").startsWith(side.equals("server") ? "written" : "read")).size();
            assertEquals(43, sum(summaries, "exchanges"), side + "\n" + describe(summaries));
            assertEquals(43 - recorded, sum(summaries, "notRecorded"), side + "\n" + describe(summaries));
            assertEquals(43, sum(summaries, "timed"), side + "\n" + describe(summaries));
            for (RecordedEvent e : summaries) {
                assertEquals("GET", e.getString("method"), e.toString());
                assertEquals("2xx", e.getString("statusClass"), e.toString());
                assertEquals("127.0.0.1", e.getString("peerAddress"), e.toString());
            }
            RecordedEvent busiest = summaries.stream().max((x, y) -> Long.compare(x.getLong("exchanges"),
                    y.getLong("exchanges"))).orElseThrow();
            assertTrue(busiest.getDuration("latencyP50").toMillis() < 20, "most are fast: " + busiest);
            assertTrue(summaries.stream().anyMatch(e -> e.getDuration("latencyMax").toMillis() >= 60),
                    describe(summaries));
        }
        // JMC's parser reads them too
        List<Map<String, Object>> jmc = io.netjfr.recordfile.JmcFile.read(jfr, "netjfr.HttpSummary");
        assertTrue(!jmc.isEmpty() && jmc.get(0).containsKey("latencyP99"), jmc.toString());
        Commands.Result print = Commands.run(List.of(Path.of(System.getProperty("java.home"), "bin", "jfr").toString(),
                "print", "--events", "netjfr.HttpSummary", jfr.toString()));
        assertTrue(print.stdout().contains("latencyP99 = "), print.stdout());
    }

    private static long sum(List<RecordedEvent> events, String field) {
        return events.stream().mapToLong(e -> e.getLong(field)).sum();
    }

    @Test
    void concurrentRecordingsEachGetWhatTheyAskedAndStoppingOneRestoresTheOther() throws Exception {
        Path a = dir.resolve("a.jfr");
        Path b = dir.resolve("b.jfr");
        int port;
        int whileBoth;
        int afterB;
        try (Jvm app = app()) {
            port = port(app);
            warmUp(app);
            step(app, "start a " + Jvm.TEMPLATE + " netjfr.HttpResponse#latencyThreshold=100_ms");
            step(app, "start b " + Jvm.TEMPLATE + " netjfr.HttpResponse#latencyThreshold=30_ms");
            whileBoth = get(app, "/slow 3"); // 60 ms: b's, which a gets too while both run
            step(app, "stop b " + b);
            afterB = get(app, "/slow 5"); // a's threshold alone again
            step(app, "stop a " + a);
        }
        List<RecordedEvent> ofB = ours(read(b, "netjfr.HttpResponse"), port);
        List<RecordedEvent> ofA = ours(read(a, "netjfr.HttpResponse"), port);
        assertEquals(6, on(ofB, whileBoth).size(), "3 exchanges, both sides\n" + describe(ofB));
        assertEquals(6, on(ofA, whileBoth).size(), "a gets at least what it asked\n" + describe(ofA));
        assertTrue(ofB.stream().allMatch(e -> e.getDuration("latency").toMillis() >= 30), describe(ofB));
        // b gone, the kernel drops a's server responses under 100 ms again (60 ms, unless the machine stalls)
        List<RecordedEvent> served = where(on(ofA, afterB), e -> "written by server".equals(e.getString("side")));
        assertTrue(served.size() < 5, describe(ofA));
        assertTrue(on(ofA, afterB).stream().allMatch(e -> e.getDuration("latency").toMillis() >= 100), describe(ofA));
    }

    @Test
    void aPortFilterGetsOnlyItsPortAndAnUnfilteredRecordingEverything() throws Exception {
        Path a = dir.resolve("a.jfr");
        Path b = dir.resolve("b.jfr");
        int port;
        int other;
        Map<String, Integer> conn = new LinkedHashMap<>();
        try (Jvm app = app()) {
            port = port(app);
            other = Exchanges.otherPort(app);
            step(app, "start a " + Jvm.TEMPLATE + " netjfr.HttpResponse#ports=" + port + " netjfr.HttpRequest#ports="
                    + port + " netjfr.TlsClientHello#ports=" + port);
            conn.put("ours alone", get(app, "/fast 3"));
            conn.put("other alone", get(app, "/fast 3 other"));
            step(app, "start b " + Jvm.TEMPLATE);
            conn.put("ours with b", get(app, "/fast 2"));
            conn.put("other with b", get(app, "/fast 2 other"));
            step(app, "stop b " + b);
            conn.put("other after b", get(app, "/fast 2 other")); // a's filter in the kernel again
            conn.put("ours after b", get(app, "/fast 2"));
            step(app, "stop a " + a);
        }
        for (String type : List.of("netjfr.HttpResponse", "netjfr.HttpRequest")) {
            List<RecordedEvent> ofA = read(a, type);
            List<RecordedEvent> ofB = read(b, type);
            int perExchange = type.equals("netjfr.HttpResponse") ? 2 : 1; // both sides read or wrote a response
            Map<String, Integer> expectA = Map.of("ours alone", 3, "other alone", 0, "ours with b", 2, "other with b",
                    2, "other after b", 0, "ours after b", 2);
            expectA.forEach((what, n) -> assertEquals(n * perExchange, on(ofA, conn.get(what)).size(),
                    type + ", a, " + what + "\n" + describe(ours(ofA, other))));
            assertEquals(2 * perExchange, on(ofB, conn.get("ours with b")).size(), type + ", b\n" + describe(ofB));
            assertEquals(2 * perExchange, on(ofB, conn.get("other with b")).size(), type + ", b\n" + describe(ofB));
        }
    }

    @Test
    void throttleLimitsEventsPerSecondInTheKernel() throws Exception {
        Path jfr = dir.resolve("throttle.jfr");
        int port;
        long millis;
        try (Jvm app = app()) {
            port = port(app);
            step(app, "start a " + Jvm.TEMPLATE + " netjfr.HttpResponse#throttle=5/s netjfr.HttpRequest#throttle=5/s"
                    + " netjfr.HttpSummary#period=1_s");
            app.send("get /fast 400");
            millis = Long.parseLong(app.await("took ", STEP).split(" ")[1]);
            app.await("ok", STEP);
            Thread.sleep(2500); // a summary period after the last exchange
            step(app, "stop a " + jfr);
        }
        long windows = millis / 1000 + 2; // seconds of CLOCK_MONOTONIC the flood touched, at most
        List<RecordedEvent> responses = ours(read(jfr, "netjfr.HttpResponse"), port);
        List<RecordedEvent> requests = where(read(jfr, "netjfr.HttpRequest"), e -> e.getInt("destinationPort") == port);
        // both CPUs may take the last place of a window at once
        assertTrue(responses.size() <= (5 + 1) * windows, responses.size() + " responses in " + millis + " ms");
        assertTrue(requests.size() <= (5 + 1) * windows, requests.size() + " requests in " + millis + " ms");
        assertTrue(responses.size() >= 5 && requests.size() >= 5, describe(responses));
        // the summaries count the rest
        List<RecordedEvent> summaries = where(read(jfr, "netjfr.HttpSummary"), e -> e.getInt("port") == port);
        assertEquals(800, sum(summaries, "exchanges"), "400 exchanges, both sides\n" + describe(summaries));
        assertEquals(800 - responses.size(), sum(summaries, "notRecorded"), describe(summaries));
    }

    /**
     * A client's request answered first by 100 Continue: the final response is still timed
     * from the request and keeps its method, in the summary and for the threshold (the
     * informational response does not answer the request).
     */
    @Test
    void finalResponseAfterContinueIsTimedWithItsMethod() throws Exception {
        Path jfr = dir.resolve("continue.jfr");
        int port;
        int client;
        try (Jvm app = app()) {
            port = port(app);
            step(app, "start a " + DEFAULT + " netjfr.HttpSummary#period=1_s");
            app.send("post /slow");
            client = Integer.parseInt(app.await("posted from port ", STEP).split(" ")[3]);
            app.await("ok", STEP);
            Thread.sleep(2500); // a summary period after the exchange
            step(app, "stop a " + jfr);
        }
        List<RecordedEvent> clientRows = where(read(jfr, "netjfr.HttpSummary"),
                e -> e.getInt("port") == port && "client".equals(e.getString("side")));
        List<RecordedEvent> finals = where(clientRows, e -> "2xx".equals(e.getString("statusClass")));
        assertEquals(1, sum(finals, "exchanges"), describe(clientRows));
        assertEquals(1, sum(finals, "timed"), describe(clientRows));
        assertTrue(finals.stream().allMatch(e -> "POST".equals(e.getString("method"))), describe(clientRows));
        assertTrue(finals.stream().allMatch(e -> e.getDuration("latencyMax").toMillis() >= 60), describe(clientRows));
        // the slow final response passes the 20 ms threshold on the client's side too
        List<RecordedEvent> read = where(on(ours(read(jfr, "netjfr.HttpResponse"), port), client),
                e -> "read by client".equals(e.getString("side")));
        assertTrue(read.stream().anyMatch(e -> e.getInt("status") == 200), describe(read));
    }

    private static Jvm app() throws Exception {
        return Jvm.start(Jvm.defaultJdk(), List.of("-javaagent:" + Jvm.AGENT_JAR), "io.netjfr.it.apps.ExchangeApp");
    }
}
