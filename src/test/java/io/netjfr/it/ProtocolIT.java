package io.netjfr.it;

import com.sun.net.httpserver.HttpServer;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.netjfr.it.Events.describe;
import static io.netjfr.it.Events.read;
import static io.netjfr.it.Events.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP responses, TLS ClientHellos and ICMPv6 from real peers on loopback, recorded
 * system-wide with payload=256: curl, python (http.client, urllib, raw sockets, ssl), a Go
 * program and the JDK HttpClient against a JDK HttpServer (IPv4 and IPv6) and
 * {@code openssl s_server}; keep-alive, a request written in pieces whose body starts with
 * "GET ", an h2c preface, binary junk and a connection closed without a response. One
 * recording for all of them keeps the class fast.
 */
@RequiresBpf
class ProtocolIT {
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    @TempDir
    static Path dir;

    private static HttpServer server4;
    private static HttpServer server6;
    private static ServerSocket silent;
    private static Process tlsServer;
    private static int port4;
    private static int port6;
    private static int silentPort;
    private static int tlsPort;
    private static Path goClient;

    @BeforeAll
    static void servers() throws Exception {
        server4 = server(InetAddress.getByName("127.0.0.1"));
        server6 = server(InetAddress.getByName("::1"));
        port4 = server4.getAddress().getPort();
        port6 = server6.getAddress().getPort();
        silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        silentPort = silent.getLocalPort();
        Thread t = new Thread(ProtocolIT::answerNothing, "silent-server");
        t.setDaemon(true);
        t.start();
        tlsPort = freePort();
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1");
        tlsServer = new ProcessBuilder("openssl", "s_server", "-accept", Integer.toString(tlsPort), "-cert", "cert.pem",
                "-key", "key.pem", "-www", "-quiet").directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("s_server.log").toFile()).start();
        goClient = buildGoClient();
        awaitListening(tlsPort);
    }

    @AfterAll
    static void stopServers() throws IOException {
        if (server4 != null) {
            server4.stop(0);
            server6.stop(0);
            silent.close();
        }
        if (tlsServer != null) {
            tlsServer.destroyForcibly();
        }
    }

    private static HttpServer server(InetAddress address) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(address, 0), 0);
        s.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "HTTP/1.1 200 OK is in this body, it is not a response\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        s.start();
        return s;
    }

    /** Reads a request and closes the connection without a response. */
    private static void answerNothing() {
        while (!silent.isClosed()) {
            try (Socket s = silent.accept()) {
                s.getInputStream().read(new byte[4096]);
            } catch (IOException e) {
                // closed
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitListening(int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("openssl s_server did not start: " + Files.readString(dir.resolve("s_server.log")));
    }

    /** Builds src/test/resources/go/httpclient once into target/ (golang-go), kept until main.go changes. */
    private static Path buildGoClient() throws Exception {
        Path source = Path.of("src/test/resources/go/httpclient/main.go").toAbsolutePath();
        Path binary = TARGET.resolve("go-httpclient");
        if (Files.exists(binary) && Files.getLastModifiedTime(binary).compareTo(Files.getLastModifiedTime(source)) > 0) {
            return binary;
        }
        ProcessBuilder pb = new ProcessBuilder("go", "build", "-o", binary.toString(), source.toString());
        pb.environment().put("GOCACHE", TARGET.resolve("go-cache").toString());
        pb.environment().put("GOPATH", TARGET.resolve("go-path").toString());
        pb.environment().put("GOTOOLCHAIN", "local");
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, "go build failed:\n" + out);
        return binary;
    }

    private static Process run(Path cwd, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
        return p;
    }

    private static Process run(String... command) throws Exception {
        return run(dir, command);
    }

    /** python3 -c with a script that reports failures through its exit status. */
    private static Process python(String script) throws Exception {
        return run("python3", "-c", script);
    }

    private static final String RAW_SOCKETS = """
            import socket, time
            def response(s):
                data = b''
                while b'\\r\\n\\r\\n' not in data:
                    data += s.recv(4096)
                head, body = data.split(b'\\r\\n\\r\\n', 1)
                length = int([l for l in head.split(b'\\r\\n') if l.lower().startswith(b'content-length')][0].split(b':')[1])
                while len(body) < length:
                    body += s.recv(4096)
            s = socket.create_connection(('127.0.0.1', %1$d))
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            body = b'GET /body HTTP/1.1\\r\\nHost: not-a-request\\r\\n\\r\\n'
            for piece in [b'POST /pysplit?x=1 HTTP/1.1\\r\\n', b'Host: split.test\\r\\nContent-Length: %%d\\r\\n' %% len(body), b'\\r\\n', body]:
                s.sendall(piece); time.sleep(0.03)
            response(s)
            s.sendall(b'GET /after HTTP/1.1\\r\\nHost: split.test\\r\\n\\r\\n')
            response(s)
            s.close()
            h2c = socket.create_connection(('127.0.0.1', %1$d))
            h2c.sendall(b'PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n'); time.sleep(0.05); h2c.close()
            junk = socket.create_connection(('127.0.0.1', %1$d))
            junk.sendall(b'GET \\x00\\x01\\xfe\\xff' + bytes(range(256))); time.sleep(0.05); junk.close()
            quiet = socket.create_connection(('127.0.0.1', %2$d))
            quiet.sendall(b'GET /noanswer HTTP/1.1\\r\\nHost: quiet.test\\r\\n\\r\\n')
            assert quiet.recv(100) == b''
            quiet.close()
            """;

    @Test
    void responsesHellosAndIcmpv6OfRealClients() throws Exception {
        Path jfr = dir.resolve("protocol.jfr");
        String tls = "https://localhost:" + tlsPort + "/";
        Map<String, Process> clients = new HashMap<>();
        try (Jvm recorder = Jvm.start(Jvm.defaultJdk(), Jvm.agentRecording("scope=system,payload=256,verbose", jfr),
                "io.netjfr.it.apps.IdleApp")) {
            recorder.await("netjfr: recv: attached with", Duration.ofSeconds(30));
            clients.put("curl", run("curl", "-s", "-o", "/dev/null", "-o", "/dev/null",
                    "http://127.0.0.1:" + port4 + "/curl?a=1", "http://127.0.0.1:" + port4 + "/curl2"));
            clients.put("curl6", run("curl", "-s", "-g", "-o", "/dev/null", "http://[::1]:" + port6 + "/six"));
            clients.put("http.client", python("import http.client as h\n"
                    + "c = h.HTTPConnection('127.0.0.1', " + port4 + ")\n"
                    + "c.request('GET', '/py1?secret=s3cret', headers={'Authorization': 'Bearer s3cret', 'Cookie': 'sid=s3cret'})\n"
                    + "c.getresponse().read()\n"
                    + "c.request('GET', '/py2')\n"
                    + "assert c.getresponse().read()\n"));
            clients.put("urllib", python("import urllib.request as u; u.urlopen('http://127.0.0.1:" + port4 + "/urllib').read()"));
            clients.put("raw", python(String.format(RAW_SOCKETS, port4, silentPort)));
            clients.put("secrets", python("import socket\n"
                    + "s = socket.create_connection(('127.0.0.1', " + silentPort + "))\n"
                    + "s.sendall(b'GET http://user:pw@fold.test/fold HTTP/1.1\\r\\nHost: fold.test\\r\\n"
                    + "Authorization: Basic\\r\\n dXNlcjpzM2NyZXQ=\\r\\nCookie: a=1;\\r\\n\\tsid=s3cret\\r\\n\\r\\n')\n"
                    + "assert s.recv(100) == b''\n"));
            clients.put("go", run(goClient.toString(), "http://127.0.0.1:" + port4 + "/go1", "http://127.0.0.1:" + port4
                    + "/go2", tls));
            try (Jvm jdk = Jvm.start(Jvm.defaultJdk(), List.of("-Djdk.internal.httpclient.disableHostnameVerification=true"),
                    "io.netjfr.it.apps.JdkClientApp", "http://127.0.0.1:" + port4 + "/jdk", tls)) {
                assertEquals(0, jdk.waitFor(Duration.ofSeconds(30)), jdk.output());
                clients.put("jdk", jdk.process());
            }
            clients.put("curl-tls", run("curl", "-sk", "-o", "/dev/null", tls));
            clients.put("curl-tls6", run("curl", "-sk", "-g", "-o", "/dev/null", "https://[::1]:" + tlsPort + "/"));
            clients.put("python-tls", python("import ssl, urllib.request as u\n"
                    + "u.urlopen('" + tls + "', context=ssl._create_unverified_context()).read()"));
            clients.put("ping6", run("ping", "-6", "-c1", "-W1", "::1"));
            clients.put("ns", python("import socket\n"
                    + "s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)\n"
                    + "s.sendto(bytes([135, 0, 0, 0, 0, 0, 0, 0]) + socket.inet_pton(socket.AF_INET6, '::1'), ('::1', 0))"));
            Thread.sleep(300); // let the last closes reach the ring
            recorder.closeStdin();
            assertEquals(0, recorder.waitFor(Duration.ofSeconds(30)), recorder.output());
        }
        Map<String, Long> pids = new HashMap<>();
        clients.forEach((k, v) -> pids.put(k, v.pid()));
        long self = ProcessHandle.current().pid();

        List<RecordedEvent> requests = read(jfr, "netjfr.HttpRequest");
        List<RecordedEvent> responses = read(jfr, "netjfr.HttpResponse");
        String all = describe(requests) + "\n" + describe(responses);

        // requests: each client's own, with its pid and command line; no body, preface or junk
        assertEquals(List.of("/curl?a=1", "/curl2"), targets(requests, pids.get("curl")), all);
        List<RecordedEvent> curl = where(requests, e -> e.getLong("pid") == pids.get("curl"));
        assertEquals(curl.get(0).getInt("sourcePort"), curl.get(1).getInt("sourcePort"), "curl kept the connection");
        assertTrue(curl.get(0).getString("commandLine").startsWith("curl -s -o /dev/null -o /dev/null http://127.0.0.1:"));
        assertEquals("curl", curl.get(0).getString("processName"));
        assertEquals(List.of("/six"), targets(requests, pids.get("curl6")), all);
        RecordedEvent six = where(requests, e -> e.getLong("pid") == pids.get("curl6")).get(0);
        assertEquals("::1", six.getString("sourceAddress"));
        assertEquals("::1", six.getString("destinationAddress"));
        assertEquals(List.of("/py1?secret=s3cret", "/py2"), targets(requests, pids.get("http.client")), all);
        assertEquals(List.of("/urllib"), targets(requests, pids.get("urllib")), all);
        assertEquals(List.of("/pysplit?x=1", "/after", "/noanswer"), targets(requests, pids.get("raw")), all);
        assertEquals(List.of("/go1", "/go2"), targets(requests, pids.get("go")), all);
        assertEquals(List.of("/jdk"), targets(requests, pids.get("jdk")), all);
        assertTrue(where(requests, e -> e.getString("method").equals("PRI") || e.getString("target").equals("/body")
                || e.getInt("destinationPort") == tlsPort).isEmpty(), all);
        RecordedEvent split = where(requests, e -> e.getString("target").equals("/pysplit?x=1")).get(0);
        assertEquals("split.test", split.getString("host"));
        assertEquals("POST", split.getString("method"));

        // payload=256: the head, redacted
        RecordedEvent py1 = where(requests, e -> e.getString("target").startsWith("/py1")).get(0);
        String payload = py1.getString("payload");
        assertTrue(payload.startsWith("GET /py1?REDACTED HTTP/1.1\r\n"), payload);
        assertTrue(payload.contains("Authorization: Bearer REDACTED\r\n") && payload.contains("Cookie: REDACTED\r\n"), payload);
        assertFalse(payload.contains("s3cret"), payload);
        // user information in an absolute-form target, and folded lines of credentials and cookies
        RecordedEvent fold = where(requests, e -> e.getLong("pid") == pids.get("secrets")).get(0);
        assertEquals("http://REDACTED@fold.test/fold", fold.getString("target"));
        String folded = fold.getString("payload");
        assertTrue(folded.startsWith("GET http://REDACTED@fold.test/fold HTTP/1.1\r\n"), folded);
        assertTrue(folded.contains("Authorization: REDACTED\r\n REDACTED\r\nCookie: REDACTED\r\n\tREDACTED\r\n"), folded);
        assertFalse(folded.contains("pw@") || folded.contains("dXNlcjpzM2NyZXQ=") || folded.contains("s3cret"), folded);

        // responses read by each client: paired with its request, in order, on the same connection
        for (String client : List.of("curl", "curl6", "http.client", "urllib", "raw", "go", "jdk")) {
            List<RecordedEvent> read = byKernelTime(where(responses, e -> e.getLong("pid") == pids.get(client)));
            List<RecordedEvent> sent = byKernelTime(where(requests, e -> e.getLong("pid") == pids.get(client)
                    && !e.getString("target").equals("/noanswer")));
            assertEquals(sent.size(), read.size(), client + "\n" + all);
            for (int i = 0; i < read.size(); i++) {
                RecordedEvent r = read.get(i);
                assertEquals("read by client", r.getString("side"), r.toString());
                assertEquals(200, r.getInt("status"), r.toString());
                assertEquals("OK", r.getString("reason"), r.toString());
                assertEquals(sent.get(i).getInt("sourcePort"), r.getInt("destinationPort"), "same connection: " + r);
                assertEquals(sent.get(i).getString("destinationAddress"), r.getString("sourceAddress"), r.toString());
                long latency = r.getDuration("latency").toNanos();
                assertTrue(latency > 0 && latency < 10_000_000_000L, r.toString());
                assertTrue(r.getLong("bytes") > 54, "head + the 54-byte body: " + r);
            }
        }
        // the test JVM's servers wrote one response per request they answered, timed from the request they read
        List<RecordedEvent> written = where(responses, e -> e.getLong("pid") == self);
        int answered = (int) where(requests, e -> e.getInt("destinationPort") == port4 || e.getInt("destinationPort") == port6)
                .stream().filter(e -> !e.getString("target").equals("/noanswer")).count();
        List<RecordedEvent> timed = where(written, e -> e.getString("side").equals("written by server")
                && e.getInt("status") == 200 && e.getDuration("latency").toNanos() > 0);
        assertEquals(answered, timed.size(), all);
        // nothing over TLS is HTTP/1.x
        assertTrue(where(responses, e -> e.getInt("sourcePort") == tlsPort || e.getInt("destinationPort") == tlsPort)
                .isEmpty(), all);

        // ClientHellos: SNI, ALPN, version, and one fingerprint per TLS library
        List<RecordedEvent> hellos = read(jfr, "netjfr.TlsClientHello");
        Map<String, String> fingerprints = new HashMap<>();
        for (String client : List.of("curl-tls", "go", "jdk", "python-tls")) {
            List<RecordedEvent> h = where(hellos, e -> e.getLong("pid") == pids.get(client));
            assertEquals(1, h.size(), client + "\n" + describe(hellos));
            RecordedEvent hello = h.get(0);
            assertEquals("localhost", hello.getString("serverName"), hello.toString());
            assertEquals(tlsPort, hello.getInt("destinationPort"));
            assertEquals("127.0.0.1", hello.getString("destinationAddress"));
            assertEquals("TLS 1.3", hello.getString("tlsVersion"), hello.toString());
            assertTrue(hello.getString("fingerprint").matches("t13d\\d{4}[0-9a-z]{2}_[0-9a-f]{12}_[0-9a-f]{12}"),
                    hello.toString());
            assertEquals(32, hello.getString("ja3").length(), hello.toString());
            fingerprints.put(client, hello.getString("fingerprint"));
        }
        System.out.println("JA4 per client: " + fingerprints);
        assertEquals(4, new HashSet<>(fingerprints.values()).size(), fingerprints.toString());
        assertEquals("h2,http/1.1", where(hellos, e -> e.getLong("pid") == pids.get("curl-tls")).get(0).getString("alpn"));
        assertEquals("h2,http/1.1", where(hellos, e -> e.getLong("pid") == pids.get("go")).get(0).getString("alpn"));
        assertEquals("", where(hellos, e -> e.getLong("pid") == pids.get("jdk")).get(0).getString("alpn"), "HTTP/1.1 only: no ALPN");
        RecordedEvent v6 = where(hellos, e -> e.getLong("pid") == pids.get("curl-tls6")).get(0);
        assertEquals("::1", v6.getString("destinationAddress"));
        assertEquals("", v6.getString("serverName"), "no SNI for an IP literal");
        assertTrue(v6.getString("fingerprint").startsWith("t13i"), v6.toString());
        assertTrue(v6.getString("commandLine").startsWith("curl -sk -g"), v6.toString());

        // ICMPv6 sent by processes: echo request (128) and neighbor solicitation (135)
        List<RecordedEvent> icmp = read(jfr, "netjfr.IcmpPacket");
        RecordedEvent echo = single(where(icmp, e -> e.getLong("pid") == pids.get("ping6")), icmp);
        assertEquals("IPv6", echo.getString("family"));
        assertEquals(128, echo.getInt("icmpType"));
        assertEquals("::1", echo.getString("destinationAddress"));
        assertEquals("::1", echo.getString("sourceAddress"));
        assertEquals(1, echo.getInt("icmpSequence"));
        RecordedEvent ns = single(where(icmp, e -> e.getLong("pid") == pids.get("ns")), icmp);
        assertEquals("IPv6", ns.getString("family"));
        assertEquals(135, ns.getInt("icmpType"));
        assertEquals(0, ns.getInt("icmpCode"));
        assertNull(ns.getThread("javaThread"));
        assertTrue(where(icmp, e -> e.getLong("pid") == pids.get("ping6") && e.getInt("icmpType") == 129).isEmpty(),
                "the kernel's echo reply is not ping's");
    }

    /**
     * Connections that closed leave nothing behind in the kernel's per-socket map: a child
     * JVM (scope=jvm, no keep-alive cache) sends and serves HTTP, and once its connections
     * are closed the map its agent owns is empty. (Where the programs keep socket state in
     * socket-local storage, tp_btf on kernels with both tracepoints, that map stays empty and
     * the kernel frees the state with each socket.)
     */
    @Test
    void closedConnectionsLeaveNoKernelState() throws Exception {
        Path jfr = dir.resolve("close.jfr");
        List<String> options = new ArrayList<>(Jvm.agentRecording("", jfr));
        options.add("-Dhttp.keepAlive=false");
        try (Jvm app = Jvm.start(Jvm.defaultJdk(), options, "io.netjfr.it.apps.NetworkApp", "stdin")) {
            app.await("ports ", Duration.ofSeconds(30));
            app.send("go");
            app.await("round done", Duration.ofSeconds(30));
            Map<String, Integer> entries = Map.of();
            for (int i = 0; i < 20; i++) { // closes finish within a few round trips
                Thread.sleep(100);
                entries = mapEntries(app.pid(), Set.of("sockets"));
                if (entries.size() == 1 && entries.values().stream().allMatch(n -> n == 0)) {
                    break;
                }
            }
            assertEquals(Map.of("sockets", 0), entries, app.output());
            app.closeStdin();
            assertEquals(0, app.waitFor(Duration.ofSeconds(30)), app.output());
        }
        assertEquals(10, read(jfr, "netjfr.HttpResponse").size());
    }

    private static final Pattern MAP_ID = Pattern.compile("(?m)^map_id:\\s+(\\d+)$");
    private static final Pattern MAP_NAME = Pattern.compile("\"name\":\"(\\w+)\"");

    /** Entries in the maps named {@code names} that process {@code pid} holds open (fdinfo, bpftool). */
    private static Map<String, Integer> mapEntries(long pid, Set<String> names) throws Exception {
        Map<String, Integer> result = new HashMap<>();
        Set<String> ids = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fdinfo"))) {
            for (Path fd : fds.collect(Collectors.toList())) {
                try {
                    Matcher m = MAP_ID.matcher(Files.readString(fd));
                    if (m.find()) {
                        ids.add(m.group(1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        for (String id : ids) {
            Matcher m = MAP_NAME.matcher(bpftool("map", "show", "id", id));
            if (m.find() && names.contains(m.group(1))) {
                String dump = bpftool("map", "dump", "id", id);
                result.put(m.group(1), dump.split("\"key\"", -1).length - 1);
            }
        }
        return result;
    }

    private static String bpftool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bpftool", "-j"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + "\n" + out);
        return out;
    }

    private static List<String> targets(List<RecordedEvent> requests, long pid) {
        return byKernelTime(where(requests, e -> e.getLong("pid") == pid)).stream().map(e -> e.getString("target"))
                .collect(Collectors.toList());
    }

    /** In the order the kernel saw them (the recording's order is the order netjfr committed them). */
    private static List<RecordedEvent> byKernelTime(List<RecordedEvent> events) {
        List<RecordedEvent> sorted = new ArrayList<>(events);
        sorted.sort(java.util.Comparator.comparing(e -> e.getInstant("kernelTime")));
        return sorted;
    }

    private static RecordedEvent single(List<RecordedEvent> matching, List<RecordedEvent> all) {
        assertEquals(1, matching.size(), describe(all));
        return matching.get(0);
    }
}
