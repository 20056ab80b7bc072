package io.netjfr.it;

import com.sun.net.httpserver.HttpServer;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.netjfr.it.Events.describe;
import static io.netjfr.it.Events.read;
import static io.netjfr.it.Events.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scope=system: packets of other, short-lived processes — a real ping -c1, curl and a
 * python client — reported with their own pid and full command line.
 */
@RequiresBpf
class SystemScopeIT {
    @TempDir
    Path dir;

    @Test
    void otherProcessesAreReportedWithTheirOwnPidAndCommandLine() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes());
            exchange.close();
        });
        server.start();
        int port = server.getAddress().getPort();
        Path jfr = dir.resolve("system.jfr");
        Commands.Result ping;
        Commands.Result curl;
        Commands.Result python;
        String pythonCode = "import urllib.request as u; u.urlopen('http://127.0.0.1:" + port + "/py?lang=python').read()";
        try (Jvm recorder = Jvm.start(Jvm.defaultJdk(), Jvm.agentRecording("scope=system,verbose", jfr),
                "io.netjfr.it.apps.IdleApp")) {
            recorder.await("netjfr: http: attached with", Duration.ofSeconds(30));
            ping = Commands.run("ping", "-c1", "-W1", "127.0.0.1");
            curl = Commands.run("curl", "-s", "-o", "/dev/null", "http://127.0.0.1:" + port + "/sys?x=1");
            python = Commands.run("python3", "-c", pythonCode);
            for (Commands.Result r : List.of(ping, curl, python)) {
                assertEquals(0, r.exit(), r.output());
            }
            recorder.closeStdin();
            assertEquals(0, recorder.waitFor(Duration.ofSeconds(30)), recorder.output());
        } finally {
            server.stop(0);
        }

        List<RecordedEvent> icmp = read(jfr, "netjfr.IcmpPacket");
        List<RecordedEvent> fromPing = where(icmp, e -> e.getInt("pid") == ping.pid());
        assertEquals(1, fromPing.size(), describe(icmp));
        RecordedEvent p = fromPing.get(0);
        assertEquals("ping -c1 -W1 127.0.0.1", p.getString("commandLine"));
        assertEquals("ping", p.getString("processName"));
        assertEquals(8, p.getInt("icmpType"));
        assertEquals("127.0.0.1", p.getString("destinationAddress"));
        assertNull(p.getThread("javaThread"), "not a thread of the recording JVM");

        List<RecordedEvent> http = read(jfr, "netjfr.HttpRequest");
        RecordedEvent c = single(where(http, e -> e.getInt("pid") == curl.pid()), http);
        assertEquals("curl -s -o /dev/null http://127.0.0.1:" + port + "/sys?x=1", c.getString("commandLine"));
        assertEquals("curl", c.getString("processName"));
        assertEquals("/sys?x=1", c.getString("target"));
        assertEquals("127.0.0.1:" + port, c.getString("host"));
        assertEquals(port, c.getInt("destinationPort"));

        RecordedEvent py = single(where(http, e -> e.getInt("pid") == python.pid()), http);
        // a python3 shim (pyenv) execs the real interpreter in the same pid: its command line counts
        // its command line is long: in full in the chunk's netjfr.Process, in the event as much as JFR pools
        List<RecordedEvent> pyProcess = where(read(jfr, "netjfr.Process"), e -> e.getInt("pid") == python.pid());
        assertFalse(pyProcess.isEmpty(), "a netjfr.Process for python");
        String full = pyProcess.get(0).getString("commandLine");
        assertTrue(full.endsWith("python3 -c " + pythonCode), full);
        String inEvent = py.getString("commandLine");
        assertTrue(inEvent.equals(full) || full.startsWith(inEvent.substring(0, inEvent.length() - 1)), inEvent);
        assertEquals("/py?lang=python", py.getString("target"));

        // the test JVM's server answered three requests; its responses are not requests
        assertTrue(where(http, e -> e.getInt("pid") == ProcessHandle.current().pid()).isEmpty(), describe(http));
    }

    private static RecordedEvent single(List<RecordedEvent> matching, List<RecordedEvent> all) {
        assertEquals(1, matching.size(), describe(all));
        return matching.get(0);
    }
}
