package io.netjfr.it;

import io.netjfr.recordfile.JmcFile;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.netjfr.it.Events.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code record}'s file holds under load and when the disk fills: a burst of real
 * requests recorded one for one, files readable by their owner only, and a full disk
 * leaving a file that ends with its last complete chunk.
 */
@RequiresBpf
class RecordFileIT {
    private static final int BURST = 5000;
    private static ServerSocket server;

    @TempDir
    Path dir;

    /**
     * A keep-alive HTTP/1.1 server that answers each request head with one write: the JDK's
     * HttpServer writes head and body apart, and with Nagle and delayed ACKs a client that
     * waits for each response gets ~25 of them a second.
     */
    @BeforeAll
    static void start() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(() -> serve(server), "http");
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static void serve(ServerSocket server) {
        byte[] response = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n".getBytes(StandardCharsets.US_ASCII);
        byte[] buffer = new byte[65536];
        while (!server.isClosed()) {
            try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                int matched = 0; // of "\r\n\r\n"
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    for (int i = 0; i < n; i++) {
                        matched = buffer[i] == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : buffer[i] == '\r' ? 1 : 0;
                        if (matched == 4) {
                            out.write(response);
                            matched = 0;
                        }
                    }
                }
            } catch (java.io.IOException e) {
                // the client went away, or the server closed
            }
        }
    }

    /**
     * One curl sends {@value #BURST} keep-alive requests as fast as it can (a few thousand a
     * second here): every one is in the file, and no hook lost anything.
     */
    @Test
    void burstOfRequestsRecordedOneForOne() throws Exception {
        Path jfr = dir.resolve("burst.jfr");
        Commands.Result curl;
        long nanos;
        try (Jvm record = Commands.netjfr("record", "--events", "http", "--port", Integer.toString(server.getLocalPort()),
                "-o", jfr.toString())) {
            record.await("netjfr: recording http", Duration.ofSeconds(30));
            long t0 = System.nanoTime();
            curl = Commands.run("curl", "-s", "http://127.0.0.1:" + server.getLocalPort() + "/burst/[1-" + BURST + "]");
            nanos = System.nanoTime() - t0;
            assertEquals(0, curl.exit(), curl.stderr());
            record.terminate();
            assertEquals(143, record.waitFor(Duration.ofSeconds(30)), record.output());
        }
        String burst = BURST + " requests in " + nanos / 1_000_000 + " ms";
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(jfr),
                "a recording holds other users' command lines and URLs");
        List<RecordedEvent> requests = Events.where(read(jfr, "netjfr.HttpRequest"), e -> e.getInt("pid") == curl.pid());
        assertEquals(BURST, requests.size(), burst);
        assertEquals(BURST, requests.stream().map(e -> e.getString("target")).distinct().count(), burst);
        List<RecordedEvent> responses = Events.where(read(jfr, "netjfr.HttpResponse"),
                e -> e.getInt("pid") == curl.pid());
        assertEquals(BURST, responses.size(), burst);
        Map<String, RecordedEvent> lastPerHook = new HashMap<>();
        read(jfr, "netjfr.Statistics").stream().sorted(Comparator.comparing(RecordedEvent::getStartTime))
                .forEach(s -> lastPerHook.put(s.getString("hook"), s));
        assertTrue(lastPerHook.containsKey("http") && lastPerHook.containsKey("recv"), lastPerHook.toString());
        lastPerHook.values().forEach(s -> assertEquals(0, s.getLong("eventsLost"), s.toString()));
        assertEquals(BURST, JmcFile.read(jfr, "netjfr.HttpRequest").stream()
                .filter(e -> JmcFile.number(e, "pid") == curl.pid()).count());
    }

    /**
     * On a 6 MiB file system the second 4 MiB chunk does not fit: record says so, exits 1,
     * and the file ends with the first chunk, which every reader opens.
     */
    @Test
    void fullDiskLeavesTheLastCompleteChunk() throws Exception {
        Path mount = Files.createDirectory(dir.resolve("small"));
        Commands.Result mounted = Commands.run("mount", "-t", "tmpfs", "-o", "size=6m", "netjfr-test", mount.toString());
        assertEquals(0, mounted.exit(), mounted.output());
        try (ServerSocket sink = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Thread discard = new Thread(() -> discardAll(sink), "discard");
            discard.setDaemon(true);
            discard.start();
            Path jfr = mount.resolve("full.jfr");
            int exit;
            List<String> stderr;
            try (Jvm record = Commands.netjfr("record", "--events", "http", "--port",
                    Integer.toString(sink.getLocalPort()), "-o", jfr.toString())) {
                record.await("netjfr: recording http", Duration.ofSeconds(30));
                sendUniqueHeads(sink.getLocalPort(), record.process());
                exit = record.waitFor(Duration.ofSeconds(30));
                stderr = record.stderr();
            }
            String output = String.join("\n", stderr);
            assertEquals(1, exit, output);
            String failure = stderr.stream().filter(l -> l.startsWith("netjfr: failed to write")).findFirst()
                    .orElseThrow(() -> new AssertionError(output));
            assertTrue(failure.contains("No space left on device"), failure);
            Matcher kept = Pattern.compile("ends with its last complete chunk \\((\\d+) chunks?, (\\d+) events\\)")
                    .matcher(failure);
            assertTrue(kept.find(), failure);

            long events;
            try (RecordingFile file = new RecordingFile(jfr)) {
                events = 0;
                while (file.hasMoreEvents()) {
                    file.readEvent();
                    events++;
                }
            }
            assertEquals(Long.parseLong(kept.group(2)), events, failure);
            assertTrue(events > 1000, failure);
            Commands.Result summary = Commands.run(Jvm.defaultJdk().resolve("bin/jfr").toString(), "summary",
                    jfr.toString());
            assertEquals(0, summary.exit(), summary.output());
            assertTrue(summary.stdout().contains("netjfr.HttpRequest"), summary.output());
            assertTrue(summary.stdout().contains("Chunks: " + kept.group(1)), summary.output());
            assertTrue(JmcFile.read(jfr, "netjfr.HttpRequest").size() > 1000);
        } finally {
            Commands.run("umount", mount.toString());
        }
    }

    private static void discardAll(ServerSocket sink) {
        byte[] buffer = new byte[65536];
        while (!sink.isClosed()) {
            try (Socket s = sink.accept(); InputStream in = s.getInputStream()) {
                while (in.read(buffer) >= 0) {
                    // discard
                }
            } catch (java.io.IOException e) {
                return;
            }
        }
    }

    /**
     * Request heads with distinct 400-character targets (each a new string in the chunk's
     * constants, ~10 k to a 4 MiB chunk), in bursts of 1,000, until record has stopped
     * (at most 30 s).
     */
    private static void sendUniqueHeads(int port, Process record) throws Exception {
        String pad = "x".repeat(390);
        long deadline = System.nanoTime() + 30_000_000_000L;
        try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            for (int n = 0; record.isAlive() && System.nanoTime() < deadline; ) {
                for (int i = 0; i < 1000; i++, n++) {
                    out.write(("GET /" + String.format("%08d", n) + pad + " HTTP/1.1\r\nHost: x\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                }
                Thread.sleep(20);
            }
        }
    }
}
