package io.netjfr.it;

import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.netjfr.it.Events.describe;
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
    private static final Duration STEP = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void defaultTemplateRecordsOnlySlowExchanges() throws Exception {
        Path jfr = dir.resolve("default.jfr");
        int port;
        try (Jvm app = app()) {
            port = port(app);
            warmUp(app);
            step(app, "start a " + DEFAULT);
            step(app, "get /fast 20");
            step(app, "get /slow 3");
            step(app, "get /fast 20");
            step(app, "stop a " + jfr);
        }
        List<RecordedEvent> responses = ours(read(jfr, "netjfr.HttpResponse"), port);
        List<RecordedEvent> slow = where(responses, e -> e.getDuration("latency").toMillis() >= 55);
        assertEquals(3, where(slow, e -> "written by server".equals(e.getString("side"))).size(), describe(responses));
        assertEquals(3, where(slow, e -> "read by client".equals(e.getString("side"))).size(), describe(responses));
        for (RecordedEvent e : responses) {
            assertTrue(e.getDuration("latency").toMillis() >= 20, e.toString());
        }
        // of the 40 fast exchanges, only one the shared machine stalled past 20 ms may show
        assertTrue(responses.size() - slow.size() <= 4, describe(responses));
        assertTrue(read(jfr, "netjfr.HttpRequest").isEmpty(), "requests are off in the default template");
    }

    @Test
    void concurrentRecordingsEachGetWhatTheyAskedAndStoppingOneRestoresTheOther() throws Exception {
        Path a = dir.resolve("a.jfr");
        Path b = dir.resolve("b.jfr");
        int port;
        try (Jvm app = app()) {
            port = port(app);
            warmUp(app);
            step(app, "start a " + Jvm.TEMPLATE + " netjfr.HttpResponse#latencyThreshold=100_ms");
            step(app, "start b " + Jvm.TEMPLATE + " netjfr.HttpResponse#latencyThreshold=30_ms");
            step(app, "get /fast 10");
            step(app, "get /slow 2"); // 60 ms: b's, which a gets too while both run
            step(app, "stop b " + b);
            step(app, "get /slow 2"); // a's threshold alone again: in the kernel for the server's
            step(app, "get /fast 10");
            step(app, "stop a " + a);
        }
        List<RecordedEvent> ofB = ours(read(b, "netjfr.HttpResponse"), port);
        assertEquals(4, ofB.size(), "2 slow exchanges, both sides\n" + describe(ofB));
        List<RecordedEvent> ofA = ours(read(a, "netjfr.HttpResponse"), port);
        assertEquals(4, ofA.size(), "only those while b ran\n" + describe(ofA));
        assertTrue(ofA.stream().allMatch(e -> e.getDuration("latency").toMillis() >= 30), describe(ofA));
        assertTrue(ofB.stream().allMatch(e -> e.getDuration("latency").toMillis() >= 30), describe(ofB));
    }

    @Test
    void throttleLimitsEventsPerSecondInTheKernel() throws Exception {
        Path jfr = dir.resolve("throttle.jfr");
        int port;
        long millis;
        try (Jvm app = app()) {
            port = port(app);
            step(app, "start a " + Jvm.TEMPLATE + " netjfr.HttpResponse#throttle=5/s netjfr.HttpRequest#throttle=5/s");
            app.send("get /fast 400");
            millis = Long.parseLong(app.await("took ", STEP).split(" ")[1]);
            app.await("ok", STEP);
            step(app, "stop a " + jfr);
        }
        long windows = millis / 1000 + 2; // seconds of CLOCK_MONOTONIC the flood touched, at most
        List<RecordedEvent> responses = ours(read(jfr, "netjfr.HttpResponse"), port);
        List<RecordedEvent> requests = where(read(jfr, "netjfr.HttpRequest"), e -> e.getInt("destinationPort") == port);
        // both CPUs may take the last place of a window at once
        assertTrue(responses.size() <= (5 + 1) * windows, responses.size() + " responses in " + millis + " ms");
        assertTrue(requests.size() <= (5 + 1) * windows, requests.size() + " requests in " + millis + " ms");
        assertTrue(responses.size() >= 5 && requests.size() >= 5, describe(responses));
    }

    private static Jvm app() throws Exception {
        return Jvm.start(Jvm.defaultJdk(), List.of("-javaagent:" + Jvm.AGENT_JAR), "io.netjfr.it.apps.ExchangeApp");
    }

    /** A cold server's first exchanges are slow (class loading, interpreter): before any recording. */
    private static void warmUp(Jvm app) throws Exception {
        step(app, "get /fast 200");
        step(app, "get /slow 3");
    }

    private static int port(Jvm app) throws Exception {
        return Integer.parseInt(app.await("port ", STEP).split(" ")[1]);
    }

    /** Sends a line and waits for its "ok" (the app answers each in turn). */
    private static void step(Jvm app, String line) throws Exception {
        int before = (int) app.stdout().stream().filter("ok"::equals).count();
        app.send(line);
        long deadline = System.nanoTime() + STEP.toNanos();
        while (app.stdout().stream().filter("ok"::equals).count() <= before) {
            if (System.nanoTime() > deadline || !app.process().isAlive()) {
                throw new AssertionError("no answer to '" + line + "'\n" + app.output());
            }
            Thread.sleep(20);
        }
    }

    /** Responses of exchanges with the app's own server (other engineers' traffic is on the machine too). */
    private static List<RecordedEvent> ours(List<RecordedEvent> responses, int port) {
        return where(responses, e -> e.getInt("sourcePort") == port || e.getInt("destinationPort") == port);
    }
}
