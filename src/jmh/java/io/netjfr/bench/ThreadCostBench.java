package io.netjfr.bench;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What thread tracking costs the application (scripts/bench's threads section runs it with
 * and without the agent and a netjfr recording, side by side). Prints one JSON line:
 * <pre>
 *   start_ns   a platform thread started and joined (empty run), median of batches
 *   mount_ns   a virtual thread's Thread.yield (an unmount and a mount), median of batches; JDK 21+
 *   churn_rps  threads that each send one HTTP GET to an in-process server and end, 8 at a time
 * </pre>
 * <pre>  ThreadCostBench [BATCHES]</pre>
 */
public final class ThreadCostBench {
    private static final int THREADS_PER_BATCH = 2000;
    private static final int YIELDS_PER_BATCH = 200_000;
    private static final int REQUESTS_PER_BATCH = 500;

    private ThreadCostBench() {
    }

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.setProperty("sun.net.httpserver.nodelay", "true"); // as HttpBenchServer: no delayed-ACK waits
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 3);
            exchange.getResponseBody().write("ok\n".getBytes());
            exchange.close();
        });
        ExecutorService pool = Executors.newFixedThreadPool(4);
        server.setExecutor(pool);
        server.start();
        int port = server.getAddress().getPort();
        startNanos(1); // warm-up of each measurement
        double start = median(batches, ThreadCostBench::startNanos);
        Double mount = null;
        if (Runtime.version().feature() >= 21) {
            yieldNanos();
            mount = median(batches, b -> yieldNanos());
        }
        churnRate(port);
        double churn = median(Math.max(3, batches / 2), b -> churnRate(port));
        server.stop(0);
        pool.shutdownNow();
        System.out.println(String.format(Locale.ROOT, "{\"start_ns\": %.0f, \"mount_ns\": %s, \"churn_rps\": %.0f}",
                start, mount == null ? "null" : String.format(Locale.ROOT, "%.1f", mount), churn));
    }

    private interface Batch {
        double run(int batch) throws Exception;
    }

    private static double median(int batches, Batch batch) throws Exception {
        double[] values = new double[batches];
        for (int i = 0; i < batches; i++) {
            values[i] = batch.run(i);
        }
        Arrays.sort(values);
        return values[batches / 2];
    }

    private static double startNanos(int batch) throws InterruptedException {
        long t0 = System.nanoTime();
        for (int i = 0; i < THREADS_PER_BATCH; i++) {
            Thread t = new Thread(() -> { });
            t.start();
            t.join();
        }
        return (System.nanoTime() - t0) / (double) THREADS_PER_BATCH;
    }

    /** One virtual thread yielding: each yield unmounts it and mounts it again. */
    private static double yieldNanos() throws Exception {
        long[] elapsed = new long[1];
        Runnable yielder = () -> {
            long t0 = System.nanoTime();
            for (int i = 0; i < YIELDS_PER_BATCH; i++) {
                Thread.yield();
            }
            elapsed[0] = System.nanoTime() - t0;
        };
        Thread vt = (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, yielder);
        vt.join();
        return elapsed[0] / (double) YIELDS_PER_BATCH;
    }

    private static double churnRate(int port) throws InterruptedException {
        long t0 = System.nanoTime();
        ArrayDeque<Thread> running = new ArrayDeque<>();
        for (int i = 0; i < REQUESTS_PER_BATCH; i++) {
            Thread t = new Thread(() -> get(port));
            t.start();
            running.add(t);
            if (running.size() == 8) {
                running.poll().join();
            }
        }
        for (Thread t : running) {
            t.join();
        }
        return REQUESTS_PER_BATCH / ((System.nanoTime() - t0) / 1e9);
    }

    private static void get(int port) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/").openConnection();
            try (InputStream in = c.getInputStream()) {
                in.readAllBytes();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
