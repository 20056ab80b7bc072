package io.netjfr.it.apps;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * Senders that are hard to name, on an HttpServer of its own (prints "port N"):
 * <pre>
 *   short     a thread that pings (isReachable, ICMP as root) and ends at once; a thread whose
 *             GET /missing gets a quick 404 and ends at once
 *   virtual   three virtual threads vt-sender-1..3 send GET /vt/N (JDK 21+); then the platform
 *             thread "platform-after" sends GET /platform and lives on for 1 s
 *   churn N   N threads churn-1..N, at most 8 at a time, each sends GET /churn/i and ends;
 *             prints "churn N millis"
 * </pre>
 * Every sender's request goes through {@link #send} from a method named for its case, so
 * a stack says which one sent it.
 */
public final class ThreadsApp {
    private static int port;

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            boolean missing = exchange.getRequestURI().getPath().startsWith("/missing");
            byte[] body = (missing ? "not here\n" : "ok\n").getBytes();
            exchange.sendResponseHeaders(missing ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        port = server.getAddress().getPort();
        System.out.println("port " + port);
        switch (args[0]) {
            case "short" -> shortLived();
            case "virtual" -> virtualThenPlatform();
            case "churn" -> churn(Integer.parseInt(args[1]));
            default -> throw new IllegalArgumentException(args[0]);
        }
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        System.out.println("app finished");
    }

    private static void shortLived() throws Exception {
        Thread pinger = new Thread(ThreadsApp::pingFromShortThread, "short-pinger");
        Thread getter = new Thread(ThreadsApp::getFromShortThread, "short-getter");
        pinger.start();
        pinger.join();
        getter.start();
        getter.join();
        Thread.sleep(200); // both ended long before the recording stops
    }

    private static void pingFromShortThread() {
        try {
            InetAddress.getByName("127.0.0.1").isReachable(1000);
        } catch (IOException e) {
            System.out.println("icmp failed: " + e);
        }
    }

    private static void getFromShortThread() {
        send("/missing");
    }

    private static void virtualThenPlatform() throws Exception {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Class<?> builderType = Class.forName("java.lang.Thread$Builder");
        List<Thread> virtual = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            int n = i;
            Object named = builderType.getMethod("name", String.class).invoke(builder, "vt-sender-" + n);
            virtual.add((Thread) builderType.getMethod("start", Runnable.class).invoke(named,
                    (Runnable) () -> sendFromVirtualThread(n)));
        }
        for (Thread t : virtual) {
            t.join();
        }
        Thread platform = new Thread(() -> {
            sendFromPlatformThread();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "platform-after");
        platform.start();
        platform.join();
    }

    private static void sendFromVirtualThread(int n) {
        send("/vt/" + n);
    }

    private static void sendFromPlatformThread() {
        send("/platform");
    }

    private static void churn(int n) throws Exception {
        long start = System.nanoTime();
        List<Thread> running = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            int id = i;
            Thread t = new Thread(() -> sendFromChurnThread(id), "churn-" + i);
            t.start();
            running.add(t);
            if (running.size() == 8) {
                running.remove(0).join();
            }
        }
        for (Thread t : running) {
            t.join();
        }
        System.out.println("churn " + n + " " + (System.nanoTime() - start) / 1_000_000);
    }

    private static void sendFromChurnThread(int id) {
        send("/churn/" + id);
    }

    private static void send(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
            try (InputStream in = c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream()) {
                in.readAllBytes();
            }
        } catch (IOException e) {
            System.out.println("http failed: " + e);
        }
    }
}
