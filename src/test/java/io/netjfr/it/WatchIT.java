package io.netjfr.it;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code netjfr watch}, text and JSON, with each kernel filter: four watchers run at once
 * while ping, curl and python3 send traffic; each prints only what its filter lets through.
 */
@RequiresBpf
class WatchIT {
    private static HttpServer server;
    private static HttpServer other;

    @BeforeAll
    static void start() throws Exception {
        server = server();
        other = server();
    }

    private static HttpServer server() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        s.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        s.start();
        return s;
    }

    @AfterAll
    static void stop() {
        for (HttpServer s : new HttpServer[] {server, other}) {
            if (s != null) {
                s.stop(0);
            }
        }
    }

    @Test
    void eachFilterLetsThroughItsOwn() throws Exception {
        int port = server.getAddress().getPort();
        int otherPort = other.getAddress().getPort();
        // waits for a line on stdin, then sends one request: its pid exists before the watchers start
        Process python = new ProcessBuilder("python3", "-c", "import sys, urllib.request as u; sys.stdin.readline(); "
                + "u.urlopen('http://127.0.0.1:" + port + "/py')").redirectErrorStream(true).start();
        try (Jvm byComm = Commands.netjfr("watch", "--comm", "curl");
                Jvm byPort = Commands.netjfr("watch", "--json", "--port", Integer.toString(port));
                Jvm byPid = Commands.netjfr("watch", "--pid", Long.toString(python.pid()));
                Jvm icmpOnly = Commands.netjfr("watch", "--json", "--events", "icmp")) {
            for (Jvm w : List.of(byComm, byPort, byPid, icmpOnly)) {
                w.await("netjfr: watching ", Duration.ofSeconds(40));
            }
            Commands.Result ping = Commands.run("ping", "-c1", "127.0.0.1");
            Commands.Result curl = Commands.run("curl", "-s", "http://127.0.0.1:" + port + "/c?a=1");
            Commands.Result curlOther = Commands.run("curl", "-s", "http://127.0.0.1:" + otherPort + "/other");
            try (OutputStream in = python.getOutputStream()) {
                in.write("go\n".getBytes(StandardCharsets.UTF_8));
            }
            assertEquals(0, python.waitFor(), new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            for (Commands.Result r : List.of(ping, curl, curlOther)) {
                assertEquals(0, r.exit(), r.output());
            }
            String pingPid = Long.toString(ping.pid());
            String curlPid = Long.toString(curl.pid());
            String pyPid = Long.toString(python.pid());
            byComm.await("/other", Duration.ofSeconds(10));
            byPort.await("/py", Duration.ofSeconds(10));
            byPid.await("/py", Duration.ofSeconds(10));
            icmpOnly.await("\"pid\":" + pingPid + ",", Duration.ofSeconds(10));
            Thread.sleep(200); // anything else that would pass
            for (Jvm w : List.of(byComm, byPort, byPid, icmpOnly)) {
                w.terminate(); // SIGTERM: the watcher drains, prints and exits
            }
            for (Jvm w : List.of(byComm, byPort, byPid, icmpOnly)) {
                assertEquals(143, w.waitFor(Duration.ofSeconds(30)), w.output());
            }

            // --comm curl: both curls' requests and the responses they read, aligned under the header, nothing else
            List<String> text = byComm.stdout();
            assertTrue(text.get(0).matches("TIME +PID +THREAD +COMMAND +SENT"), text.get(0));
            assertEquals(5, text.size(), byComm.output());
            assertEquals(2, text.stream().filter(l -> l.contains("HTTP/1.1 204 No Content 127.0.0.1:")
                    && l.contains("(read by client, ")).count(), byComm.output());
            String line = lineWith(text, "GET http://127.0.0.1:" + port + "/c?a=1");
            // the command line is shortened in the middle to fit the terminal
            assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  " + curlPid + " +curl +curl -s \\S+/c\\?a=1 +GET http://127\\.0\\.0\\.1:"
                    + port + "/c\\?a=1"), line);
            assertEquals(text.get(0).indexOf("SENT"), line.indexOf("GET "), "aligned");
            lineWith(text, "GET http://127.0.0.1:" + otherPort + "/other");

            // --json --port: curl and python to that port, one JSON object per line
            List<String> json = byPort.stdout().stream().filter(l -> l.contains("\"event\":\"netjfr.HttpRequest\""))
                    .collect(Collectors.toList());
            assertEquals(2, json.size(), byPort.output());
            // each response twice: written by the test's server, read by the client
            assertEquals(2, byPort.stdout().stream().filter(l -> l.contains("\"side\":\"written by server\""))
                    .count(), byPort.output());
            assertEquals(2, byPort.stdout().stream().filter(l -> l.contains("\"side\":\"read by client\""))
                    .count(), byPort.output());
            String c = lineWith(json, "/c?a=1");
            assertTrue(c.startsWith("{\"event\":\"netjfr.HttpRequest\",\"time\":\""), c);
            for (String field : List.of("\"pid\":" + curlPid + ",", "\"processName\":\"curl\"",
                    "\"commandLine\":\"curl -s http://127.0.0.1:" + port + "/c?a=1\"", "\"method\":\"GET\"",
                    "\"target\":\"/c?a=1\"", "\"host\":\"127.0.0.1:" + port + "\"", "\"destinationPort\":" + port + ",",
                    "\"version\":\"HTTP/1.1\"")) {
                assertTrue(c.contains(field), field + " in " + c);
            }
            assertTrue(c.endsWith("}"), c);
            assertTrue(lineWith(json, "/py").contains("\"pid\":" + pyPid + ","));

            // --pid: only python's request and the response it read
            assertEquals(3, byPid.stdout().size(), byPid.output());
            assertTrue(byPid.stdout().get(1).contains("GET http://127.0.0.1:" + port + "/py"), byPid.output());
            assertTrue(byPid.stdout().get(2).contains("(read by client, "), byPid.output());

            // --events icmp: ping's echo request (other processes' ICMP may show too), no HTTP
            String echo = lineWith(icmpOnly.stdout(), "\"pid\":" + pingPid + ",");
            for (String field : List.of("\"event\":\"netjfr.IcmpPacket\"", "\"commandLine\":\"ping -c1 127.0.0.1\"",
                    "\"icmpType\":8,", "\"destinationAddress\":\"127.0.0.1\"")) {
                assertTrue(echo.contains(field), field + " in " + echo);
            }
            assertTrue(icmpOnly.stdout().stream().noneMatch(l -> l.contains("HttpRequest")), icmpOnly.output());
        } finally {
            python.destroyForcibly();
        }
    }

    /**
     * Under a latency threshold the kernel drops a client's fast responses: the slow one on
     * the same keep-alive connection is timed from its own request, not from the fast one's
     * half a second before (python3 client and server, the server's answer takes 100 ms).
     */
    @Test
    void aSlowResponseAfterAFastOneIsTimedFromItsOwnRequest() throws Exception {
        Process server = new ProcessBuilder("python3", "-c", String.join("\n",
                "import http.server, time",
                "class H(http.server.BaseHTTPRequestHandler):",
                "    protocol_version = 'HTTP/1.1'",
                "    def do_GET(self):",
                "        time.sleep(0.1 if self.path == '/slow' else 0)",
                "        self.send_response(200); self.send_header('Content-Length', '2'); self.end_headers()",
                "        self.wfile.write(b'ok')",
                "    def log_message(self, *a): pass",
                "s = http.server.HTTPServer(('127.0.0.1', 0), H)",
                "print(s.server_address[1], flush=True)",
                "s.serve_forever()")).start();
        String port = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream(),
                StandardCharsets.US_ASCII)).readLine();
        try (Jvm watch = Commands.netjfr("watch", "--json", "--threshold", "50ms", "--port", port)) {
            watch.await("netjfr: watching ", Duration.ofSeconds(40));
            Commands.Result client = Commands.run("python3", "-c", "import http.client, time\n"
                    + "c = http.client.HTTPConnection('127.0.0.1', " + port + ")\n"
                    + "for p in ['/fast', '/slow']:\n"
                    + "    c.request('GET', p); c.getresponse().read(); time.sleep(0.5)\n");
            assertEquals(0, client.exit(), client.output());
            watch.await("\"side\":\"read by client\"", Duration.ofSeconds(10));
            Thread.sleep(200);
            watch.terminate();
            assertEquals(143, watch.waitFor(Duration.ofSeconds(30)), watch.output());
            String read = lineWith(watch.stdout(), "\"side\":\"read by client\"");
            Matcher latency = Pattern.compile("\"latency\":(\\d+)").matcher(read);
            assertTrue(latency.find(), read);
            long millis = Long.parseLong(latency.group(1)) / 1_000_000;
            assertTrue(millis >= 100 && millis < 500, millis + " ms: " + read);
        } finally {
            server.destroyForcibly();
        }
    }

    /**
     * A TCP read with MSG_TRUNC discards the bytes and leaves the buffer as it was: what the
     * buffer held before (here a status line) is no response read. The real one after it is.
     */
    @Test
    void aDiscardingReadIsNoResponse() throws Exception {
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String port = Integer.toString(free.getLocalPort());
            free.close();
            try (Jvm watch = Commands.netjfr("watch", "--json", "--port", port)) {
                watch.await("netjfr: watching ", Duration.ofSeconds(40));
                Commands.Result python = Commands.run("python3", "-c", String.join("\n",
                        "import socket, time",
                        "l = socket.socket(); l.bind(('127.0.0.1', " + port + ")); l.listen()",
                        "c = socket.create_connection(l.getsockname()); s, _ = l.accept()",
                        "s.sendall(bytes(64)); time.sleep(0.1)",
                        "stale = bytearray(b'HTTP/1.1 200 Stale\\r\\nContent-Length: 0\\r\\n\\r\\n' + bytes(64))",
                        "assert c.recv_into(stale, 64, socket.MSG_TRUNC) == 64",
                        "s.sendall(b'HTTP/1.1 204 Real\\r\\n\\r\\n')",
                        "assert c.recv(100).startswith(b'HTTP/1.1 204')"));
                assertEquals(0, python.exit(), python.output());
                watch.await("\"reason\":\"Real\"", Duration.ofSeconds(10));
                Thread.sleep(200);
                watch.terminate();
                assertEquals(143, watch.waitFor(Duration.ofSeconds(30)), watch.output());
                assertTrue(watch.stdout().stream().noneMatch(l -> l.contains("\"reason\":\"Stale\"")), watch.output());
            }
        }
    }

    /**
     * A ping larger than the MTU leaves as fragments, each queued to the device on its own:
     * one packet each, IPv4 and IPv6, not one per fragment (the later ones hold no ICMP
     * header) nor none (IPv6's first fragment has its fragment header before the ICMPv6
     * one). In a network namespace of the test's own, whose loopback gets IPv6's minimum MTU.
     */
    @Test
    void aFragmentedPingIsOnePacket() throws Exception {
        try (Jvm icmp = Commands.netjfr("watch", "--json", "--events", "icmp")) {
            icmp.await("netjfr: watching ", Duration.ofSeconds(40));
            String v4 = pingInOwnNetwork("127.0.0.1");
            String v6 = pingInOwnNetwork("::1");
            icmp.await("\"pid\":" + v4 + ",", Duration.ofSeconds(10));
            icmp.await("\"pid\":" + v6 + ",", Duration.ofSeconds(10));
            Thread.sleep(200); // the other fragments, were they taken for packets
            icmp.terminate();
            assertEquals(143, icmp.waitFor(Duration.ofSeconds(30)), icmp.output());
            String echo = lineWith(icmp.stdout(), "\"pid\":" + v4 + ",");
            for (String field : List.of("\"icmpType\":8,", "\"icmpCode\":0,", "\"icmpSequence\":1,")) {
                assertTrue(echo.contains(field), field + " in " + echo);
            }
            String echo6 = lineWith(icmp.stdout(), "\"pid\":" + v6 + ",");
            for (String field : List.of("\"family\":\"IPv6\"", "\"icmpType\":128,", "\"icmpSequence\":1,")) {
                assertTrue(echo6.contains(field), field + " in " + echo6);
            }
        }
    }

    /** ping -s 3000 in a new network namespace with a 1280-byte MTU; returns ping's pid. */
    private static String pingInOwnNetwork(String address) throws Exception {
        Commands.Result r = Commands.run("unshare", "-n", "sh", "-c",
                "ip link set lo mtu 1280 up && echo $$ && exec ping -c1 -W2 -s 3000 " + address + " >/dev/null");
        assertEquals(0, r.exit(), r.output());
        return r.stdout().lines().findFirst().orElseThrow().trim();
    }

    private static String lineWith(List<String> lines, String text) {
        List<String> matching = lines.stream().filter(l -> l.contains(text)).collect(Collectors.toList());
        assertEquals(1, matching.size(), text + " in\n" + String.join("\n", lines));
        return matching.get(0);
    }
}
