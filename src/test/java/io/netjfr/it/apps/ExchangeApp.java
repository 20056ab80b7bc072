package io.netjfr.it.apps;

import com.sun.net.httpserver.HttpServer;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A JDK HttpServer on loopback with a fast endpoint and a slow one (60 ms), a keep-alive
 * client, and recordings started and stopped in-process, driven by stdin lines:
 * <pre>
 *   start NAME TEMPLATE [event#setting=value ...]   a recording with that template and overrides
 *   stop NAME FILE                                  dumps it to FILE and closes it
 *   get PATH N [other]                              N requests on one connection (to the other server)
 *   post PATH                                       a POST with "Expect: 100-continue": the body after
 *                                                   the server's 100 Continue, then its final response
 * </pre>
 * A second server, the same, on another port tells filters by port apart. Prints "port P"
 * and "other Q" first, then "ok" after each line ("took T ms from port P" before it for a get).
 */
public final class ExchangeApp {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/fast", ex -> answer(ex, 0));
        server.createContext("/slow", ex -> answer(ex, 60));
        server.start();
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        other.createContext("/fast", ex -> answer(ex, 0));
        other.createContext("/slow", ex -> answer(ex, 60));
        other.start();
        int port = server.getAddress().getPort();
        System.out.println("port " + port);
        System.out.println("other " + other.getAddress().getPort());
        Map<String, Recording> recordings = new HashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null;) {
            String[] w = line.split(" ");
            switch (w[0]) {
                case "start" -> {
                    Recording r = new Recording(Configuration.create(Path.of(w[2])));
                    Map<String, String> settings = new HashMap<>(r.getSettings());
                    for (int i = 3; i < w.length; i++) {
                        String[] kv = w[i].split("=", 2);
                        settings.put(kv[0], kv[1].replace('_', ' '));
                    }
                    r.setSettings(settings);
                    r.start();
                    recordings.put(w[1], r);
                }
                case "stop" -> {
                    Recording r = recordings.remove(w[1]);
                    r.stop();
                    r.dump(Path.of(w[2]));
                    r.close();
                }
                case "get" -> {
                    long start = System.nanoTime();
                    int to = w.length > 3 && w[3].equals("other") ? other.getAddress().getPort() : port;
                    int local = get(to, w[1], Integer.parseInt(w[2]));
                    System.out.println("took " + (System.nanoTime() - start) / 1_000_000 + " ms from port " + local);
                }
                case "post" -> System.out.println("posted from port " + postExpectingContinue(port, w[1]));
                default -> throw new IllegalArgumentException(line);
            }
            System.out.println("ok");
        }
        server.stop(0);
        other.stop(0);
        System.exit(0);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange ex, long sleepMillis) throws IOException {
        try {
            Thread.sleep(sleepMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** n GETs of path on one keep-alive connection, each answer read whole before the next; returns its local port. */
    private static int get(int port, String path, int n) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream());
            byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: exchange.test\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < n; i++) {
                out.write(request);
                out.flush();
                readResponse(in);
            }
            return s.getLocalPort();
        }
    }

    /** One POST of path that waits for the server's 100 Continue before its body; returns its local port. */
    private static int postExpectingContinue(int port, String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            InputStream in = new BufferedInputStream(s.getInputStream());
            out.write(("POST " + path + " HTTP/1.1\r\nHost: exchange.test\r\nContent-Length: 7\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            readResponse(in); // HTTP/1.1 100 Continue
            out.write("{\"x\":1}".getBytes(StandardCharsets.US_ASCII)); // a bare token would look like a request's start
            out.flush();
            readResponse(in);
            return s.getLocalPort();
        }
    }

    private static void readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed");
            }
            head.append((char) b);
        }
        int length = 0;
        for (String h : head.toString().split("\r\n")) {
            if (h.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).strip());
            }
        }
        in.readNBytes(length);
    }
}
