package io.netjfr.it;

import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.netjfr.it.Events.describe;
import static io.netjfr.it.Events.read;
import static io.netjfr.it.Events.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loss is visible where the user looks. Each test stops the consumer (SIGSTOP) while a
 * python process sends several ring buffers' worth of HTTP heads, so the kernel drops
 * events; then record, watch and the agent must say so.
 */
@RequiresBpf
class LossIT {
    private static final int HEADS = 100_000;
    private static final Pattern FINAL = Pattern.compile(
            "netjfr: lost (\\d+) events \\(process 0, http (\\d+), recv 0\\): the ring buffer was full");

    @TempDir
    Path dir;

    /** Stopped by SIGTERM after the loss: exit status 3 (not 143), a line as it happened, the count per hook last. */
    @Test
    void recordSaysWhatWasLostAndExitsWithThree() throws Exception {
        Path jfr = dir.resolve("lossy.jfr");
        try (Flood flood = new Flood(HEADS);
                Jvm record = Commands.netjfr("record", "--events", "http", "--port", Integer.toString(flood.port()),
                        "-o", jfr.toString())) {
            record.await("netjfr: recording http", Duration.ofSeconds(30));
            flood.sendWhileStopped(record.pid());
            record.await("the ring buffer was full; ", Duration.ofSeconds(10));
            record.terminate();
            assertEquals(3, record.waitFor(Duration.ofSeconds(60)), record.output());
            List<String> err = record.stderr();
            Matcher last = FINAL.matcher(err.get(err.size() - 1));
            assertTrue(last.matches(), record.output());
            long lost = Long.parseLong(last.group(1));
            assertTrue(lost > 0 && lost == Long.parseLong(last.group(2)), record.output());

            List<RecordedEvent> requests = read(jfr, "netjfr.HttpRequest");
            assertEquals(HEADS, requests.size() + lost, "every head either recorded or counted as lost");
            List<RecordedEvent> stats = where(read(jfr, "netjfr.Statistics"), s -> s.getString("hook").equals("http"));
            assertEquals(lost, stats.get(stats.size() - 1).getLong("eventsLost"), describe(stats));
        }
    }

    @Test
    void recordWithoutLossSaysSoAndExitsWithZero() throws Exception {
        Path jfr = dir.resolve("fine.jfr");
        try (Flood flood = new Flood(100);
                Jvm record = Commands.netjfr("record", "--events", "http", "--port", Integer.toString(flood.port()),
                        "-o", jfr.toString(), "--duration", "4s")) {
            record.await("netjfr: recording http", Duration.ofSeconds(30));
            flood.send();
            assertEquals(0, record.waitFor(Duration.ofSeconds(60)), record.output());
            List<String> err = record.stderr();
            assertEquals("netjfr: lost no events (process 0, http 0, recv 0)", err.get(err.size() - 1),
                    record.output());
            assertEquals(100, read(jfr, "netjfr.HttpRequest").size());
        }
    }

    /** watch --json: stdout holds only events; stderr says within a second that events were lost, and at the end how many. */
    @Test
    void watchSaysSoAsItHappens() throws Exception {
        try (Flood flood = new Flood(HEADS);
                Jvm watch = Commands.netjfr("watch", "--json", "--events", "http", "--port",
                        Integer.toString(flood.port()))) {
            watch.await("netjfr: watching http", Duration.ofSeconds(30));
            flood.sendWhileStopped(watch.pid());
            String line = watch.await("the ring buffer was full; ", Duration.ofSeconds(10));
            assertTrue(line.matches("netjfr: lost \\d+ events \\(http \\d+\\): the ring buffer was full; \\d+ lost so far"),
                    line);
            assertTrue(watch.process().isAlive(), "reported while running");
            watch.terminate();
            assertEquals(143, watch.waitFor(Duration.ofSeconds(60)), watch.output());
            List<String> err = watch.stderr();
            Matcher last = FINAL.matcher(err.get(err.size() - 1));
            assertTrue(last.matches(), watch.output());
            List<String> out = watch.stdout();
            assertTrue(out.stream().allMatch(l -> l.startsWith("{\"event\":\"netjfr.HttpRequest\"")), "only events");
            assertEquals(HEADS, out.size() + Long.parseLong(last.group(1)), "every head either printed or counted");
        }
    }

    /** The agent: netjfr.DataLoss events in the recording, per hook, adding up to the hook's eventsLost. */
    @Test
    void agentWritesDataLossEvents() throws Exception {
        Path jfr = dir.resolve("agent.jfr");
        try (Flood flood = new Flood(HEADS);
                Jvm app = Jvm.start(Jvm.defaultJdk(), Jvm.agentRecording("scope=system,verbose", jfr),
                        "io.netjfr.it.apps.IdleApp")) {
            app.await("netjfr: http: attached with", Duration.ofSeconds(30));
            app.await("idle app started", Duration.ofSeconds(30));
            flood.sendWhileStopped(app.pid());
            Thread.sleep(2000); // a period of netjfr.DataLoss
            app.closeStdin();
            assertEquals(0, app.waitFor(Duration.ofSeconds(60)), app.output());
        }
        List<RecordedEvent> loss = where(read(jfr, "netjfr.DataLoss"), e -> e.getString("hook").equals("http"));
        assertFalse(loss.isEmpty(), "no netjfr.DataLoss for http");
        long sum = loss.stream().mapToLong(e -> e.getLong("amount")).sum();
        assertEquals(loss.get(loss.size() - 1).getLong("total"), sum, describe(loss));
        assertTrue(sum > 0, describe(loss));
        List<RecordedEvent> stats = where(read(jfr, "netjfr.Statistics"), s -> s.getString("hook").equals("http"));
        assertTrue(stats.get(stats.size() - 1).getLong("eventsLost") >= sum, describe(stats));
    }
}
