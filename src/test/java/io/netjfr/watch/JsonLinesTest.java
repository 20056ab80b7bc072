package io.netjfr.watch;

import io.netjfr.record.HttpResponse;
import io.netjfr.record.IcmpPacket;
import io.netjfr.record.KernelClock;
import io.netjfr.record.Origin;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonLinesTest {
    private final KernelClock clock = new KernelClock();

    private String lines(java.util.function.Consumer<JsonLines> events) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8);
        JsonLines json = new JsonLines(out, clock);
        events.accept(json);
        json.drained();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The line is what Json.object makes of the event's fields, "time" instead of kernelTime, as Instant prints it. */
    @Test
    void oneObjectPerEvent() {
        for (long nanos : new long[] {0, 530_000_000, 530_412_000, 530_412_907, 7}) {
            long ktime = 5_000_000_000L + nanos;
            Origin o = new Origin(42, 43, 42, 7, "wor\"ker", "curl", "curl -s 'http://h/é?a=\\b'", ktime);
            HttpResponse r = new HttpResponse(o, HttpResponse.READ_BY_CLIENT, "::1", 8080, "::1", 40000, "HTTP/1.1",
                    404, "Not Found", 120, -1, "");
            String line = lines(json -> json.httpResponse(r));
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("event", "netjfr.HttpResponse");
            expected.put("time", Instant.ofEpochSecond(0, clock.epochNanos(ktime)).toString());
            expected.put("pid", 42);
            expected.put("tid", 43);
            expected.put("hostPid", 42);
            expected.put("threadName", "wor\"ker");
            expected.put("cgroupId", 7);
            assertTrue(line.startsWith(Json.object(expected).replaceAll("}$", ",")), line);
            assertTrue(line.contains(",\"commandLine\":\"curl -s 'http://h/\\u00e9?a=\\\\b'\","), line);
            assertTrue(line.endsWith(",\"status\":404,\"reason\":\"Not Found\",\"bytes\":120,\"latency\":"
                    + Long.MIN_VALUE + ",\"truncated\":false}\n"), line);
            assertTrue(!line.contains("kernelTime"), line);
        }
    }

    @Test
    void linesStayWholeAcrossTheBuffer() {
        IcmpPacket p = new IcmpPacket(new Origin(1, 1, "ping", "ping -c1 127.0.0.1", 1_000), "IPv4", "127.0.0.1",
                "127.0.0.2", 8, 0, 1, 1, 84);
        int n = 2 * JsonLines.BUFFER / 100;
        String out = lines(json -> {
            for (int i = 0; i < n; i++) {
                json.icmp(p);
            }
        });
        String[] lines = out.split("\n");
        assertEquals(n, lines.length);
        for (String l : lines) {
            assertEquals(lines[0], l);
        }
    }
}
