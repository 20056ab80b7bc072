package io.netjfr.it.apps;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.util.concurrent.CountDownLatch;

/**
 * Traffic from known code for `analyze` to find: thread "order-client" sends POST /orders
 * from placeOrder(), thread "health-checker" sends twelve GET /health from checkHealth(),
 * each on a new connection, and pings loopback from probeGateway().
 */
public final class OrderClientApp {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Connection", "close");
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes());
            exchange.close();
        });
        server.start();
        int port = server.getAddress().getPort();
        CountDownLatch done = new CountDownLatch(2);
        CountDownLatch exit = new CountDownLatch(1);
        Thread orders = new Thread(() -> {
            placeOrder(port);
            done.countDown();
            await(exit);
        }, "order-client");
        Thread health = new Thread(() -> {
            probeGateway();
            for (int i = 0; i < 12; i++) {
                checkHealth(port);
            }
            done.countDown();
            await(exit);
        }, "health-checker");
        orders.start();
        health.start();
        done.await();
        Thread.sleep(300);
        exit.countDown();
        server.stop(0);
        System.out.println("app finished");
    }

    static void placeOrder(int port) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/orders").openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.getOutputStream().write("{\"item\":42}".getBytes());
            read(c);
        } catch (IOException e) {
            System.out.println("order failed: " + e);
        }
    }

    static void checkHealth(int port) {
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/health").openConnection();
            c.setRequestProperty("Connection", "close");
            read(c);
        } catch (IOException e) {
            System.out.println("health failed: " + e);
        }
    }

    static void probeGateway() {
        try {
            InetAddress.getByName("127.0.0.1").isReachable(1000);
        } catch (IOException e) {
            System.out.println("probe failed: " + e);
        }
    }

    private static void read(HttpURLConnection c) throws IOException {
        try (InputStream in = c.getInputStream()) {
            in.readAllBytes();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
