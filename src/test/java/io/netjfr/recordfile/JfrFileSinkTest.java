package io.netjfr.recordfile;

import io.netjfr.event.EventFields;
import io.netjfr.event.EventValues;
import io.netjfr.event.HttpRequestEvent;
import io.netjfr.event.HttpResponseEvent;
import io.netjfr.event.IcmpPacketEvent;
import io.netjfr.event.StatisticsEvent;
import io.netjfr.event.TlsClientHelloEvent;
import io.netjfr.record.HookStatistics;
import io.netjfr.record.HttpRequest;
import io.netjfr.record.HttpResponse;
import io.netjfr.record.IcmpPacket;
import io.netjfr.record.KernelClock;
import io.netjfr.record.Origin;
import io.netjfr.record.TlsClientHello;
import jdk.jfr.AnnotationElement;
import jdk.jfr.Event;
import jdk.jfr.EventType;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JfrFileSinkTest {
    private static final List<HookStatistics> STATS = List.of(
            new HookStatistics("process", "tp_btf", 2, 2, 0),
            new HookStatistics("icmp", "tp_btf", 3, 2, 1));

    @TempDir
    Path dir;

    private final KernelClock clock = new KernelClock();

    private static IcmpPacket ping(long ktime) {
        return new IcmpPacket(new Origin(100, 101, "ping", "ping -c1 127.0.0.1", ktime), "IPv4",
                "127.0.0.1", "127.0.0.2", 8, 0, 7, 1, 84);
    }

    private static HttpResponse ok(long ktime) {
        return new HttpResponse(new Origin(200, 202, "curl", "curl -s http://127.0.0.1:8080/x", ktime),
                HttpResponse.READ_BY_CLIENT, "127.0.0.1", 8080, "127.0.0.1", 40000, "HTTP/1.1", 200, "OK", 120,
                400_000, "");
    }

    private static TlsClientHello hello(long ktime) {
        return new TlsClientHello(new Origin(300, 300, "curl", "curl -s https://example.test/", ktime),
                "127.0.0.1", 40001, "127.0.0.1", 8443, "example.test", "h2,http/1.1", "TLS 1.3",
                "t13d3112h2_e8f1e7e78f70_b26ce05bbdd6", "771,4866-4867,0-23,29-23,0", 517);
    }

    private static HttpRequest get(long ktime) {
        return new HttpRequest(new Origin(200, 202, "curl", "curl -s \"http://127.0.0.1:8080/x?a=\\u00e9\"", ktime),
                "127.0.0.1", 40000, "127.0.0.1", 8080, "GET", "/x?a=1", "127.0.0.1:8080", "HTTP/1.1", 80, "");
    }

    /** x.jfr as a sink writes it: what {@code records} gives it, then the statistics at close. */
    private Path written(Consumer<JfrFileSink> records) throws IOException {
        Path file = dir.resolve("x.jfr");
        try (JfrFileSink sink = JfrFileSink.create(file, clock, () -> STATS)) {
            records.accept(sink);
        }
        return file;
    }

    @Test
    void eventsReadBackWithTheJdkParser() throws Exception {
        long t = System.nanoTime();
        Path file = written(sink -> {
            sink.icmp(ping(t));
            sink.http(get(t + 1_000_000));
            assertEquals(Map.of("netjfr.IcmpPacket", 1L, "netjfr.HttpRequest", 1L), sink.counts());
        });
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertEquals(4, events.size(), events.toString());

        RecordedEvent icmp = one(events, "netjfr.IcmpPacket");
        assertEquals(Instant.ofEpochSecond(0, clock.epochNanos(t)), icmp.getStartTime(), "start time = kernel time");
        assertEquals(0, icmp.getDuration().toNanos());
        assertEquals("ping [100/101]", icmp.getThread().getOSName());
        assertEquals(101, icmp.getThread().getOSThreadId());
        assertNull(icmp.getThread("javaThread"));
        assertNull(icmp.getStackTrace());
        assertEquals(100, icmp.getInt("pid"));
        assertEquals(101, icmp.getInt("tid"));
        assertEquals("ping", icmp.getString("processName"));
        assertEquals("ping -c1 127.0.0.1", icmp.getString("commandLine"));
        assertEquals(clock.epochNanos(t) / 1_000_000, icmp.getLong("kernelTime"));
        assertEquals("sent", icmp.getString("direction"));
        assertEquals("IPv4", icmp.getString("family"));
        assertEquals("127.0.0.1", icmp.getString("sourceAddress"));
        assertEquals("127.0.0.2", icmp.getString("destinationAddress"));
        assertEquals(8, icmp.getInt("icmpType"));
        assertEquals(0, icmp.getInt("icmpCode"));
        assertEquals(7, icmp.getInt("icmpId"));
        assertEquals(1, icmp.getInt("icmpSequence"));
        assertEquals(84, icmp.getInt("length"));

        RecordedEvent http = one(events, "netjfr.HttpRequest");
        assertEquals("curl [200/202]", http.getThread().getOSName());
        assertEquals(get(0).origin().commandLine(), http.getString("commandLine"));
        assertEquals(40000, http.getInt("sourcePort"));
        assertEquals(8080, http.getInt("destinationPort"));
        assertEquals("GET", http.getString("method"));
        assertEquals("/x?a=1", http.getString("target"));
        assertEquals("127.0.0.1:8080", http.getString("host"));
        assertEquals("HTTP/1.1", http.getString("version"));
        assertEquals(80, http.getLong("bytes"));

        List<RecordedEvent> stats = events.stream().filter(e -> e.getEventType().getName().equals("netjfr.Statistics"))
                .collect(Collectors.toList());
        assertEquals(2, stats.size());
        assertEquals("icmp", stats.get(1).getString("hook"));
        assertEquals("tp_btf", stats.get(1).getString("attachMode"));
        assertEquals(3, stats.get(1).getLong("eventsSeen"));
        assertEquals(2, stats.get(1).getLong("eventsDelivered"));
        assertEquals(1, stats.get(1).getLong("eventsLost"));
    }

    @Test
    void eventsReadBackWithJmc() throws Exception {
        long t = System.nanoTime();
        Path file = written(sink -> {
            sink.icmp(ping(t));
            sink.http(get(t));
        });
        List<Map<String, Object>> icmp = JmcFile.read(file, "netjfr.IcmpPacket");
        assertEquals(1, icmp.size());
        Map<String, Object> e = icmp.get(0);
        assertEquals(100, JmcFile.number(e, "pid"));
        assertEquals("ping -c1 127.0.0.1", e.get("commandLine"));
        assertEquals("ping [100/101]", JmcFile.threadName(e, "eventThread"));
        assertNull(e.get("javaThread"));
        assertEquals(clock.epochNanos(t), JmcFile.epochNanos(e, "startTime"));
        assertEquals(clock.epochNanos(t) / 1_000_000, JmcFile.epochMillis(e, "kernelTime"));
        assertEquals(84, JmcFile.number(e, "length"));
        assertEquals("ICMP Sequence", JmcFile.labels(file, "netjfr.IcmpPacket").get("icmpSequence"));

        Map<String, Object> h = JmcFile.read(file, "netjfr.HttpRequest").get(0);
        assertEquals("/x?a=1", h.get("target"));
        assertEquals(8080, JmcFile.number(h, "destinationPort"));
        assertEquals(80, JmcFile.number(h, "bytes"));
        assertEquals(2, JmcFile.read(file, "netjfr.Statistics").size());
    }

    /** The types in the file are those the JVM derives from the same classes: names, fields, labels, units, categories. */
    @Test
    void sameEventTypesAsTheJvm() throws Exception {
        Path file = written(sink -> {
            sink.icmp(ping(System.nanoTime()));
            sink.http(get(System.nanoTime()));
            sink.httpResponse(ok(System.nanoTime()));
            sink.tlsClientHello(hello(System.nanoTime()));
        });
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        for (Class<? extends Event> c : List.of(IcmpPacketEvent.class, HttpRequestEvent.class,
                HttpResponseEvent.class, TlsClientHelloEvent.class, StatisticsEvent.class)) {
            EventType jvm = EventType.getEventType(c);
            EventType written = events.stream().filter(e -> e.getEventType().getName().equals(jvm.getName()))
                    .findFirst().orElseThrow().getEventType();
            assertEquals(describe(jvm), describe(written), c.getName());
        }
    }

    /** EventValues has a value for every field of the agent's event classes but javaThread and carrierThread (unknown stand-alone). */
    @Test
    void everyFieldHasAValue() {
        KernelClock clock = new KernelClock();
        assertEquals(ownFields(IcmpPacketEvent.class), names(v -> EventValues.icmp(ping(1), clock, v)));
        HttpRequest withPayload = get(1);
        HttpRequest r = new HttpRequest(withPayload.origin(), withPayload.sourceAddress(), withPayload.sourcePort(),
                withPayload.destinationAddress(), withPayload.destinationPort(), withPayload.method(),
                withPayload.target(), withPayload.host(), withPayload.version(), withPayload.bytes(), "GET /x?a=...");
        assertEquals(ownFields(HttpRequestEvent.class), names(v -> EventValues.http(r, clock, v)));
        Set<String> responseFields = ownFields(HttpResponseEvent.class);
        responseFields.remove("payload"); // absent unless the payload option asks for it
        assertEquals(responseFields, names(v -> EventValues.httpResponse(ok(1), clock, v)));
        assertEquals(ownFields(TlsClientHelloEvent.class), names(v -> EventValues.tlsClientHello(hello(1), clock, v)));
        assertEquals(ownFields(StatisticsEvent.class), names(v -> EventValues.statistics(STATS.get(0), v)));
    }

    /** The field names an EventValues method puts, each once. */
    private static Set<String> names(Consumer<EventFields> values) {
        List<String> names = new ArrayList<>();
        values.accept(new EventFields() {
            @Override
            public void put(String field, long value) {
                names.add(field);
            }

            @Override
            public void put(String field, boolean value) {
                names.add(field);
            }

            @Override
            public void put(String field, String value) {
                names.add(field);
            }
        });
        Set<String> unique = new java.util.HashSet<>(names);
        assertEquals(names.size(), unique.size(), "a field put twice: " + names);
        return unique;
    }

    private static Set<String> ownFields(Class<? extends Event> c) {
        Set<String> names = EventTypes.fields(c).stream().map(EventTypes::fieldName).collect(Collectors.toSet());
        names.removeAll(Set.of("startTime", "duration", "eventThread", "stackTrace", "javaThread", "carrierThread"));
        return names;
    }

    private static String describe(EventType t) {
        StringBuilder sb = new StringBuilder(t.getName()).append(" label=").append(t.getLabel())
                .append(" description=").append(t.getDescription()).append(" categories=").append(t.getCategoryNames())
                .append(' ').append(annotations(t.getAnnotationElements())).append('\n');
        for (ValueDescriptor f : t.getFields()) {
            sb.append("  ").append(f.getName()).append(' ').append(f.getTypeName()).append(f.isArray() ? "[]" : "")
                    .append(' ').append(annotations(f.getAnnotationElements())).append('\n');
        }
        return sb.toString();
    }

    private static String annotations(List<AnnotationElement> elements) {
        List<String> out = new ArrayList<>();
        for (AnnotationElement a : elements) {
            out.add(a.getTypeName() + a.getValues().stream()
                    .map(v -> v instanceof Object[] array ? Arrays.toString(array) : String.valueOf(v))
                    .collect(Collectors.toList()));
        }
        out.sort(null);
        return out.toString();
    }

    /** Every chunk has its own threads and strings, read back right by both parsers; a string repeated across chunks too. */
    @Test
    void rotatesIntoCompleteChunks() throws Exception {
        Path file = dir.resolve("x.jfr");
        long t = System.nanoTime();
        JfrFileSink sink = JfrFileSink.create(file, clock, () -> STATS, 1, Long.MAX_VALUE);
        for (int i = 0; i < 5; i++) {
            sink.icmp(new IcmpPacket(new Origin(100 + i, 200 + i, "p" + i, "cmd " + i, t + i), "IPv4",
                    "10.0.0." + i, "127.0.0.1", 8, 0, i, i, 84));
        }
        sink.close();
        assertEquals(6, sink.chunks(), "one chunk per event at a 1-byte limit, and the last one");
        assertEquals(6, chunkHeaders(file));

        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("netjfr.IcmpPacket")).collect(Collectors.toList());
        assertEquals(5, events.size());
        List<Map<String, Object>> jmc = JmcFile.read(file, "netjfr.IcmpPacket");
        assertEquals(5, jmc.size());
        jmc.sort(java.util.Comparator.comparing(e -> (String) e.get("commandLine")));
        for (int i = 0; i < 5; i++) {
            RecordedEvent e = events.get(i);
            assertEquals("cmd " + i, e.getString("commandLine"));
            assertEquals("10.0.0." + i, e.getString("sourceAddress"));
            // the same String instances in every chunk: each chunk's pool must have them again
            assertEquals("127.0.0.1", e.getString("destinationAddress"));
            assertEquals("IPv4", e.getString("family"));
            assertEquals("127.0.0.1", jmc.get(i).get("destinationAddress"));
            assertEquals("p" + i + " [" + (100 + i) + "/" + (200 + i) + "]", e.getThread().getOSName());
            assertEquals(200 + i, e.getThread().getOSThreadId());
            assertEquals("cmd " + i, jmc.get(i).get("commandLine"));
            assertEquals("p" + i + " [" + (100 + i) + "/" + (200 + i) + "]", JmcFile.threadName(jmc.get(i), "eventThread"));
        }
        assertEquals(12, RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("netjfr.Statistics")).count());
    }

    /**
     * A chunk past its size is written at the end of the drain, not in the middle of one
     * (the per-event code keeps no rare branch), unless the drain takes it past four times that.
     */
    @Test
    void rotatesBySizeAtTheEndOfADrain() throws Exception {
        Path file = dir.resolve("x.jfr");
        long t = System.nanoTime();
        JfrFileSink sink = JfrFileSink.create(file, clock, () -> STATS, 1000, Long.MAX_VALUE);
        for (int i = 0; i < 40; i++) { // ~50 bytes each after the first: past 1000, not 4000
            sink.icmp(ping(t + i));
        }
        assertEquals(0, sink.chunks(), "past the size within a drain");
        sink.drained();
        assertEquals(1, sink.chunks(), "written at the drain's end");
        sink.drained();
        assertEquals(1, sink.chunks(), "the next chunk is empty");
        for (int i = 0; i < 200; i++) {
            sink.icmp(ping(t + i));
        }
        assertTrue(sink.chunks() >= 3, "a drain of 200 events (~10 KB) wrote a chunk at each 4000 bytes");
        sink.close();
        assertEquals(200 + 40, RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("netjfr.IcmpPacket")).count());
        assertEquals(sink.chunks(), chunkHeaders(file));
    }

    @Test
    void rotatesByAgeOnlyWhenTheChunkHoldsEvents() throws Exception {
        Path file = dir.resolve("x.jfr");
        JfrFileSink sink = JfrFileSink.create(file, clock, () -> STATS, Long.MAX_VALUE, 0);
        sink.drained();
        sink.drained();
        sink.icmp(ping(System.nanoTime()));
        sink.drained();
        sink.close();
        assertEquals(2, sink.chunks(), "the empty chunk stayed open; the one with the event was written at once");
        assertEquals(2, chunkHeaders(file));
    }

    /** A recording holds other users' command lines and URLs: owner only, also when it replaces a file. */
    @Test
    void ownerOnly() throws Exception {
        Path file = dir.resolve("x.jfr");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        JfrFileSink.create(file, clock, () -> STATS).close();
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        Path fresh = dir.resolve("y.jfr");
        JfrFileSink.create(fresh, clock, () -> STATS).close();
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(fresh));
    }

    @Test
    void unwritableFile() {
        assertThrows(IOException.class, () -> JfrFileSink.create(dir.resolve("missing/x.jfr"), clock, () -> STATS));
    }

    private static int chunkHeaders(Path file) throws IOException {
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        int n = 0;
        for (int at = bytes.indexOf("FLR\0"); at >= 0; at = bytes.indexOf("FLR\0", at + 4)) {
            n++;
        }
        return n;
    }

    private static RecordedEvent one(List<RecordedEvent> events, String name) {
        List<RecordedEvent> matching = events.stream().filter(e -> e.getEventType().getName().equals(name))
                .collect(Collectors.toList());
        assertEquals(1, matching.size(), name + " in " + events);
        return matching.get(0);
    }
}
