package io.netjfr.it;

import com.sun.net.httpserver.HttpServer;
import io.netjfr.bpf.Hook;
import io.netjfr.bpf.RecordHandler;
import io.netjfr.daemon.DaemonClient;
import io.netjfr.record.RecordLayout;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static io.netjfr.it.Events.describe;
import static io.netjfr.it.Events.javaThreadName;
import static io.netjfr.it.Events.read;
import static io.netjfr.it.Events.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node daemon serving unprivileged agents: a JVM running as nobody, in a PID namespace
 * of its own, gets its own packets through the daemon with its namespace's pids and Java
 * threads, and nothing of another process's; system scope is refused to a uid not allowed
 * it; a daemon killed mid-recording is reconnected to; clients that come and go leave the
 * daemon as it was, and a hostile one gets an error while the others are served.
 */
@RequiresBpf
class DaemonIT {
    private static final String APP = "io.netjfr.it.apps.NetworkApp";
    /** nobody, in a PID and mount namespace of its own, without any capability. */
    private static final List<String> CONTAINED_NOBODY = List.of("unshare", "--pid", "--fork", "--mount-proc",
            "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all");

    @TempDir
    Path dir;
    private Path socket;
    private Path jar;
    private Path template;
    private Path classes;
    private Jvm daemon;

    @BeforeEach
    void startDaemon() throws Exception {
        // nobody reads the jar, template and app classes from a world-readable copy (/root is closed)
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        jar = readable(Files.copy(Jvm.AGENT_JAR, dir.resolve("netjfr.jar")));
        template = readable(Files.copy(Jvm.TEMPLATE, dir.resolve("netjfr.jfc")));
        classes = dir.resolve("classes");
        Path apps = Path.of("io/netjfr/it/apps");
        Files.createDirectories(classes.resolve(apps));
        try (Stream<Path> all = Files.walk(classes)) {
            for (Path d : (Iterable<Path>) all::iterator) {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        try (Stream<Path> files = Files.list(Jvm.TEST_CLASSES.resolve(apps))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                readable(Files.copy(f, classes.resolve(apps).resolve(f.getFileName())));
            }
        }
        socket = dir.resolve("netjfr.sock");
        daemon = startDaemonProcess();
    }

    private Jvm startDaemonProcess() throws Exception {
        Jvm d = Commands.netjfr("daemon", "--socket", socket.toString(), "--detach-after", "1s");
        d.await("serving agents at", Duration.ofSeconds(60));
        return d;
    }

    @AfterEach
    void stopDaemon() throws Exception {
        if (daemon != null) {
            Commands.run("kill", "-TERM", Long.toString(daemon.pid())); // not destroy(): it closes the output pipes
            assertEquals(143, daemon.waitFor(Duration.ofSeconds(30)), "SIGTERM's status, as for any JVM: "
                    + daemon.output());
            assertTrue(daemon.stderr().contains("netjfr daemon: stopped"), daemon.output());
            assertTrue(Files.notExists(socket), "socket removed at exit");
        }
    }

    private Jvm startApp(String agentOptions, Path jfr) throws IOException {
        return Jvm.start(CONTAINED_NOBODY, Jvm.defaultJdk(), List.of("-javaagent:" + jar + "=" + agentOptions,
                "-XX:StartFlightRecording:filename=" + jfr + ",settings=" + template), classes.toString(), APP, "stdin");
    }

    /**
     * A client's connections are closed in its ring too: every socket it got HTTP records of
     * gets a close record with the same id, so the agent forgets the connection at its close
     * (the port in a routed id was the one TCP_CLOSE's tracepoint already sees as 0).
     */
    @Test
    void aClientsClosedConnectionsReachItsRing() throws Exception {
        Map<Long, String> recorded = new ConcurrentHashMap<>(); // socket id -> the first line of its first head
        Set<Long> closed = ConcurrentHashMap.newKeySet();
        RecordHandler handler = (data, offset, length) -> {
            ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            int kind = b.getInt(offset + RecordLayout.HEADER_KIND);
            if (kind == RecordLayout.KIND_HTTP) {
                byte[] head = new byte[Math.min(32, b.getShort(offset + RecordLayout.HTTP_CAPTURED))];
                b.get(offset + RecordLayout.HTTP_DATA, head);
                recorded.putIfAbsent(b.getLong(offset + RecordLayout.HTTP_SOCK_ID),
                        new String(head, StandardCharsets.ISO_8859_1).lines().findFirst().orElse(""));
            } else if (kind == RecordLayout.KIND_CLOSE) {
                closed.add(b.getLong(offset + RecordLayout.CLOSE_SOCK_ID));
            }
        };
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try (DaemonClient client = DaemonClient.connect(socket, false, EnumSet.of(Hook.HTTP), handler)) {
            for (int i = 0; i < 5; i++) {
                try (Socket c = new Socket(InetAddress.getByName("127.0.0.1"), server.getAddress().getPort())) {
                    c.getOutputStream().write(("GET /close-" + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    assertTrue(new String(c.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)
                            .startsWith("HTTP/1.1 204"), "the response, then the server's close");
                }
            }
            for (int i = 0; i < 50 && (recorded.size() < 10 || !closed.containsAll(recorded.keySet())); i++) {
                Thread.sleep(100);
            }
            assertEquals(10, recorded.size(), "5 requests and 5 responses, each on a socket of its own: " + recorded);
            Map<Long, String> open = new HashMap<>(recorded);
            open.keySet().removeAll(closed);
            assertEquals(Map.of(), open, "sockets without their close record");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void unprivilegedContainedJvmGetsItsOwnPackets() throws Exception {
        Path jfr = dir.resolve("app.jfr");
        try (Jvm app = startApp("daemon=" + socket, jfr)) {
            String ports = app.await("ports ", Duration.ofSeconds(60));
            int port4 = Integer.parseInt(ports.split(" ")[1]);
            // another uid's request to the same server, at the same time: the app's server answers it,
            // but curl's request is not the app's
            Commands.Result curl = Commands.run("curl", "-s", "-o", "/dev/null", "http://127.0.0.1:" + port4 + "/curl");
            assertEquals(0, curl.exit(), curl.toString());
            // 100 short keep-alive connections: new ones reuse the kernel's socket structs of closed
            // ones, whose close records may not reach the client; every response must still count
            Commands.Result clients = Commands.run("python3", "-c", "import http.client\n"
                    + "for i in range(100):\n"
                    + "    c = http.client.HTTPConnection('127.0.0.1', " + port4 + ")\n"
                    + "    for j in range(2):\n"
                    + "        c.request('GET', '/many?i=%d' % i); c.getresponse().read()\n"
                    + "    c.close()\n");
            assertEquals(0, clients.exit(), clients.toString());
            app.send("round");
            app.await("round done", Duration.ofSeconds(60));
            app.closeStdin();
            assertEquals(0, app.waitFor(Duration.ofSeconds(60)), app.output());
            assertTrue(app.stderr().stream().noneMatch(l -> l.contains("netjfr:")), app.output());
        }
        List<RecordedEvent> http = read(jfr, "netjfr.HttpRequest");
        assertEquals(5, http.size(), describe(http));
        for (RecordedEvent r : http) {
            assertEquals(1, r.getInt("pid"), "the namespace's pid: " + describe(http));
            assertEquals("http-sender", javaThreadName(r), describe(http));
            assertTrue(r.getInt("hostPid") > 1);
        }
        assertEquals(List.of(), where(http, r -> r.getString("target").contains("curl")));
        List<RecordedEvent> served = where(read(jfr, "netjfr.HttpResponse"),
                r -> r.getString("side").equals("written by server") && r.getInt("destinationPort") != 0);
        assertTrue(served.size() >= 201, "the 200 responses to python and curl's: " + served.size());
        List<RecordedEvent> stats = read(jfr, "netjfr.Statistics");
        assertTrue(stats.stream().anyMatch(s -> s.getString("hook").equals("http") && s.getLong("eventsSeen") >= 5
                && s.getLong("eventsLost") == 0), describe(stats));
    }

    /**
     * Settings reach the daemon's kernel maps, in this client's own entry (routed mode): the
     * threshold and a port filter; the daemon answers the client's summaries with its own
     * process's rows only, counting what the settings dropped.
     */
    @Test
    void aClientsSettingsApplyAndItsSummariesComeThroughTheDaemon() throws Exception {
        Path jfr = dir.resolve("settings.jfr");
        Path jfc = readable(Files.copy(Path.of("jfr-templates/netjfr.jfc"), dir.resolve("default.jfc")));
        int port;
        int other;
        int slow;
        int filtered;
        try (Jvm app = Jvm.start(CONTAINED_NOBODY, Jvm.defaultJdk(), List.of("-javaagent:" + jar + "=daemon=" + socket),
                classes.toString(), "io.netjfr.it.apps.ExchangeApp")) {
            port = Exchanges.port(app);
            other = Exchanges.otherPort(app);
            Exchanges.warmUp(app);
            Exchanges.step(app, "start a " + jfc + " netjfr.HttpSummary#period=1_s netjfr.HttpResponse#ports=" + port);
            Exchanges.get(app, "/fast 20");
            slow = Exchanges.get(app, "/slow 3");
            Exchanges.get(app, "/fast 20");
            filtered = Exchanges.get(app, "/slow 3 other");
            Thread.sleep(2500); // a summary period after the last exchange
            Exchanges.step(app, "stop a " + jfr);
            assertTrue(app.stderr().stream().noneMatch(l -> l.contains("netjfr:")), app.output());
        }
        List<RecordedEvent> responses = read(jfr, "netjfr.HttpResponse");
        List<RecordedEvent> ours = Exchanges.ours(responses, port);
        assertEquals(3, where(Exchanges.on(ours, slow), e -> "written by server".equals(e.getString("side")))
                .size(), describe(ours));
        // a fast exchange the shared machine stalled past 20 ms is recorded, and only such
        assertTrue(ours.stream().allMatch(e -> e.getDuration("latency").toMillis() >= 20), describe(ours));
        assertEquals(List.of(), Exchanges.on(responses, filtered), "the other port is filtered out");

        List<RecordedEvent> summaries = read(jfr, "netjfr.HttpSummary");
        assertTrue(summaries.stream().map(e -> e.getInt("hostPid")).distinct().count() == 1,
                "this client's process only: " + describe(summaries));
        for (String side : List.of("server", "client")) {
            assertEquals(43, where(summaries, e -> e.getInt("port") == port && side.equals(e.getString("side")))
                    .stream().mapToLong(e -> e.getLong("exchanges")).sum(), side + "\n" + describe(summaries));
            List<RecordedEvent> unfiltered = where(summaries, e -> e.getInt("port") == other
                    && side.equals(e.getString("side")));
            assertEquals(3, unfiltered.stream().mapToLong(e -> e.getLong("notRecorded")).sum(),
                    "counted, filtered: " + side + "\n" + describe(summaries));
        }
    }

    @Test
    void systemScopeIsRefusedToAUidNotAllowedIt() throws Exception {
        Path jfr = dir.resolve("sys.jfr");
        try (Jvm app = startApp("daemon=" + socket + ",scope=system", jfr)) {
            app.await("ports ", Duration.ofSeconds(60));
            app.closeStdin();
            assertEquals(0, app.waitFor(Duration.ofSeconds(60)), app.output());
            List<String> lines = app.stderr().stream().filter(l -> l.startsWith("netjfr:")).toList();
            assertEquals(1, lines.size(), app.output());
            assertTrue(lines.get(0).contains("uid 65534 is not allowed system scope"), lines.get(0));
            assertTrue(lines.get(0).contains("--allow-system-scope 65534"), lines.get(0));
        }
    }

    @Test
    void aRestartedDaemonIsReconnectedTo() throws Exception {
        Path jfr = dir.resolve("restart.jfr");
        try (Jvm app = startApp("daemon=" + socket, jfr)) {
            app.await("ports ", Duration.ofSeconds(60));
            app.send("round 1");
            app.await("round done", Duration.ofSeconds(60));
            daemon.close(); // SIGKILL: no goodbye
            daemon.waitFor(Duration.ofSeconds(30));
            daemon = startDaemonProcess();
            app.await("netjfr: reconnected to the daemon", Duration.ofSeconds(30));
            app.send("round 2");
            app.closeStdin();
            assertEquals(0, app.waitFor(Duration.ofSeconds(60)), app.output());
        }
        List<RecordedEvent> http = read(jfr, "netjfr.HttpRequest");
        assertEquals(5, where(http, r -> r.getString("target").endsWith("=1")).size(), describe(http));
        assertEquals(5, where(http, r -> r.getString("target").endsWith("=2")).size(), "after the restart: "
                + describe(http));
    }

    @Test
    void clientsThatComeAndGoLeaveNothingBehind() throws Exception {
        Path client = Path.of("src/test/resources/daemon/client.py").toAbsolutePath();
        long fds = openFds(daemon.pid());
        long maps = bpfMaps(daemon.pid());
        Commands.Result first = Commands.run("python3", client.toString(), socket.toString(), "hello");
        assertEquals(0, first.exit(), first.toString());
        assertTrue(first.stdout().startsWith("ok ring=") && first.stdout().contains("| stats ")
                && first.stdout().contains("http="), first.stdout());
        for (int i = 0; i < 50; i++) {
            Commands.Result r = Commands.run("python3", client.toString(), socket.toString(), "hello");
            assertEquals(0, r.exit(), r.toString());
        }
        Commands.Result garbage = Commands.run("python3", client.toString(), socket.toString(), "garbage");
        assertTrue(garbage.stdout().startsWith("error "), garbage.toString());
        Commands.Result after = Commands.run("python3", client.toString(), socket.toString(), "hello");
        assertEquals(0, after.exit(), "still serving after a hostile client: " + after);
        Thread.sleep(2500); // the last hang-up is noticed within a poll interval, unused hooks go after 1 s
        assertEquals(fds, openFds(daemon.pid()), "fds back to the baseline");
        assertEquals(maps, bpfMaps(daemon.pid()), "BPF maps back to the baseline");
    }

    private static long openFds(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        }
    }

    private static long bpfMaps(long pid) throws IOException {
        List<String> maps = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    maps.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return maps.stream().filter(m -> m.equals("anon_inode:bpf-map")).count();
    }

    private static Path readable(Path file) throws IOException {
        return Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
}
