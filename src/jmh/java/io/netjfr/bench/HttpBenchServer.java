package io.netjfr.bench;

import com.sun.net.httpserver.HttpServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * The JVM HTTP server of scripts/bench's overhead runs: the JDK's own HttpServer on
 * 127.0.0.1, a fixed pool of 4 threads, a 13-byte body, TCP_NODELAY (it writes head and
 * body separately; with Nagle each response would wait for a delayed ACK). Writes its port
 * to the given file once listening and runs until killed. With WORK_MS, each request first
 * keeps its thread busy that long (a realistic service, against which netjfr's per-request
 * cost is a smaller share than against an empty handler).
 *
 * <pre>  HttpBenchServer PORT_FILE [WORK_MS]</pre>
 */
public final class HttpBenchServer {
    private HttpBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        byte[] body = "hello, world\n".getBytes(StandardCharsets.US_ASCII);
        long workNanos = args.length > 1 ? (long) (Double.parseDouble(args[1]) * 1e6) : 0;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            work(workNanos);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        Path portFile = Path.of(args[0]);
        Path tmp = Path.of(args[0] + ".tmp");
        Files.writeString(tmp, Integer.toString(server.getAddress().getPort()));
        Files.move(tmp, portFile);
        Thread.currentThread().join();
    }

    /** Keeps the thread busy (on the CPU, not sleeping) for about {@code nanos}. */
    private static void work(long nanos) {
        long end = System.nanoTime() + nanos;
        while (nanos > 0 && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
