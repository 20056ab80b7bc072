package io.netjfr.it;

import com.sun.net.httpserver.HttpServer;
import io.netjfr.recordfile.JmcFile;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.netjfr.it.Events.describe;
import static io.netjfr.it.Events.read;
import static io.netjfr.it.Events.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code netjfr record} stand-alone and system-wide: short-lived processes (ping, curl,
 * python3) send real traffic while it records; the file holds each with its own pid and
 * full command line, read back with jdk.jfr.consumer and with JMC's parser.
 */
@RequiresBpf
class RecordIT {
    private static HttpServer server;
    private static int port;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "ok\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void everyProcessWithItsOwnPidAndCommandLine() throws Exception {
        Path jfr = dir.resolve("net.jfr");
        Commands.Result ping;
        Commands.Result curl;
        Commands.Result python;
        String pythonCode = "import urllib.request as u; u.urlopen('http://127.0.0.1:" + port + "/py')";
        Instant before;
        try (Jvm record = Commands.netjfr("record", "--duration", "8s", "-o", jfr.toString())) {
            record.await("netjfr: recording icmp, http, tls, recv of every process", Duration.ofSeconds(30));
            before = Instant.now();
            ping = Commands.run("ping", "-c1", "127.0.0.1");
            curl = Commands.run("curl", "-s", "http://127.0.0.1:" + port + "/x");
            python = Commands.run("python3", "-c", pythonCode);
            assertEquals(0, ping.exit(), ping.output());
            assertEquals(0, curl.exit(), curl.output());
            assertEquals(0, python.exit(), python.output());
            assertEquals(0, record.waitFor(Duration.ofSeconds(30)), record.output());
            assertTrue(record.stderr().stream().anyMatch(l -> l.startsWith("netjfr: wrote ")), record.output());
        }

        List<RecordedEvent> icmp = read(jfr, "netjfr.IcmpPacket");
        RecordedEvent echo = one(icmp, e -> e.getInt("pid") == ping.pid());
        assertEquals("ping -c1 127.0.0.1", echo.getString("commandLine"));
        assertEquals("ping", echo.getString("processName"));
        assertEquals(8, echo.getInt("icmpType"));
        assertEquals("127.0.0.1", echo.getString("destinationAddress"));
        assertEquals("sent", echo.getString("direction"));
        assertEquals("ping [" + ping.pid() + "/" + echo.getInt("tid") + "]", echo.getThread().getOSName());
        assertEquals(echo.getInt("tid"), echo.getThread().getOSThreadId());
        assertNull(echo.getThread("javaThread"));
        assertEquals(echo.getLong("kernelTime"), echo.getStartTime().toEpochMilli(), "start time = kernel time");
        assertFalse(echo.getStartTime().isBefore(before.minusSeconds(1)), echo.getStartTime() + " vs " + before);

        List<RecordedEvent> http = read(jfr, "netjfr.HttpRequest");
        RecordedEvent get = one(http, e -> e.getInt("pid") == curl.pid());
        assertEquals("curl -s http://127.0.0.1:" + port + "/x", get.getString("commandLine"));
        assertEquals("curl", get.getString("processName"));
        assertEquals("GET", get.getString("method"));
        assertEquals("/x", get.getString("target"));
        assertEquals("127.0.0.1:" + port, get.getString("host"));
        assertEquals(port, get.getInt("destinationPort"));
        assertEquals("curl [" + curl.pid() + "/" + get.getInt("tid") + "]", get.getThread().getOSName());

        RecordedEvent py = one(http, e -> e.getInt("pid") == python.pid());
        // python3 may be a wrapper (pyenv) that execs the interpreter under its full path
        assertTrue(py.getString("commandLine").endsWith("python3 -c " + pythonCode), py.getString("commandLine"));
        assertEquals("/py", py.getString("target"));

        List<RecordedEvent> stats = read(jfr, "netjfr.Statistics");
        assertTrue(stats.stream().anyMatch(s -> s.getString("hook").equals("icmp")
                && s.getString("attachMode").equals("tp_btf")), describe(stats));

        // the same through JDK Mission Control's parser
        Map<String, Object> jmcPing = oneJmc(JmcFile.read(jfr, "netjfr.IcmpPacket"), ping.pid());
        assertEquals("ping -c1 127.0.0.1", jmcPing.get("commandLine"));
        assertEquals(echo.getThread().getOSName(), JmcFile.threadName(jmcPing, "eventThread"));
        assertEquals(echo.getStartTime().toEpochMilli() * 1_000_000 + echo.getStartTime().getNano() % 1_000_000,
                JmcFile.epochNanos(jmcPing, "startTime"));
        Map<String, Object> jmcCurl = oneJmc(JmcFile.read(jfr, "netjfr.HttpRequest"), curl.pid());
        assertEquals("/x", jmcCurl.get("target"));
        assertEquals(get.getString("commandLine"), jmcCurl.get("commandLine"));
        assertEquals(python.pid(), JmcFile.number(oneJmc(JmcFile.read(jfr, "netjfr.HttpRequest"), python.pid()), "pid"));

        // and with the JDK's jfr tool
        Path jfrTool = Jvm.defaultJdk().resolve("bin/jfr");
        Commands.Result summary = Commands.run(jfrTool.toString(), "summary", jfr.toString());
        assertEquals(0, summary.exit(), summary.output());
        assertTrue(summary.stdout().contains("netjfr.HttpRequest"), summary.output());
        Commands.Result print = Commands.run(jfrTool.toString(), "print", "--events", "netjfr.IcmpPacket", jfr.toString());
        assertEquals(0, print.exit(), print.output());
        assertTrue(print.stdout().contains("commandLine = \"ping -c1 127.0.0.1\""), print.output());
    }

    /** SIGINT ends the recording with a complete file: the engine drains the ring, then the file is closed. */
    @Test
    void sigintLeavesACompleteFile() throws Exception {
        Path jfr = dir.resolve("int.jfr");
        Commands.Result ping;
        try (Jvm record = Commands.netjfr("record", "--events", "icmp", "-o", jfr.toString())) {
            record.await("netjfr: recording icmp of every process", Duration.ofSeconds(30));
            ping = Commands.run("ping", "-c1", "127.0.0.1");
            Commands.Result kill = Commands.run("kill", "-INT", Long.toString(record.pid()));
            assertEquals(0, kill.exit(), kill.output());
            assertEquals(130, record.waitFor(Duration.ofSeconds(30)), record.output());
            assertTrue(record.stderr().stream().anyMatch(l -> l.startsWith("netjfr: wrote ")), record.output());
        }
        List<RecordedEvent> icmp = read(jfr, "netjfr.IcmpPacket");
        assertEquals("ping -c1 127.0.0.1", one(icmp, e -> e.getInt("pid") == ping.pid()).getString("commandLine"));
        assertFalse(read(jfr, "netjfr.Statistics").isEmpty(), "the last chunk's statistics");
        assertEquals(1, JmcFile.read(jfr, "netjfr.IcmpPacket").stream()
                .filter(e -> JmcFile.number(e, "pid") == ping.pid()).count());
    }

    private static RecordedEvent one(List<RecordedEvent> events, Predicate<RecordedEvent> p) {
        List<RecordedEvent> matching = where(events, p);
        assertEquals(1, matching.size(), describe(events));
        return matching.get(0);
    }

    private static Map<String, Object> oneJmc(List<Map<String, Object>> events, long pid) {
        List<Map<String, Object>> matching = events.stream().filter(e -> JmcFile.number(e, "pid") == pid).toList();
        assertEquals(1, matching.size(), matching.toString());
        return matching.get(0);
    }
}
