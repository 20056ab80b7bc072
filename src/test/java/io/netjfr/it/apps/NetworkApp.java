package io.netjfr.it.apps;

import com.sun.net.httpserver.HttpServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * Real traffic from named threads: ICMP (isReachable, as root) from "icmp-sender"; from
 * "http-sender": an HttpURLConnection GET, two requests on one keep-alive socket, a POST
 * whose head is written in three pieces, a GET over IPv6 loopback and a TLS ClientHello
 * (SNI netjfr.test) to a local socket that closes. Prints
 * "ports <v4> <v6>" and then, per round, "round done". With argument "stdin" it waits for a
 * line before each round and exits at end of input; otherwise it does one round and exits.
 * The senders stay alive until the end so the agent can resolve their java.lang.Thread:
 * 300 ms after sending, or {@code -Dnetjfr.app.lingerMillis=N} (slow machines, emulators).
 */
public final class NetworkApp {
    private static final int LINGER_MILLIS = Integer.getInteger("netjfr.app.lingerMillis", 300);

    public static void main(String[] args) throws Exception {
        HttpServer v4 = server(InetAddress.getByName("127.0.0.1"));
        HttpServer v6 = server(InetAddress.getByName("::1"));
        int port4 = v4.getAddress().getPort();
        int port6 = v6.getAddress().getPort();
        System.out.println("ports " + port4 + " " + port6);
        if (args.length > 0 && args[0].equals("stdin")) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            int round = 0;
            while (in.readLine() != null) {
                round(port4, port6, ++round);
            }
        } else {
            round(port4, port6, 1);
        }
        v4.stop(0);
        v6.stop(0);
        System.out.println("app finished");
    }

    private static void round(int port4, int port6, int round) throws Exception {
        CountDownLatch sent = new CountDownLatch(2);
        CountDownLatch exit = new CountDownLatch(1);
        Thread icmp = new Thread(() -> {
            try {
                InetAddress.getByName("127.0.0.1").isReachable(1000);
            } catch (IOException e) {
                System.out.println("icmp failed: " + e);
            }
            sent.countDown();
            await(exit);
        }, "icmp-sender");
        Thread http = new Thread(() -> {
            try {
                get("http://127.0.0.1:" + port4 + "/first?q=" + round);
                keepAlive(port4, round);
                split(port4, round);
                get("http://[::1]:" + port6 + "/six?r=" + round);
                tlsHello();
            } catch (IOException e) {
                System.out.println("http failed: " + e);
            }
            sent.countDown();
            await(exit);
        }, "http-sender");
        icmp.start();
        http.start();
        sent.await();
        Thread.sleep(LINGER_MILLIS); // the agent drains within ~1 ms (100 ms when idle); the senders are still alive
        exit.countDown();
        icmp.join();
        http.join();
        System.out.println("round done");
    }

    private static HttpServer server(InetAddress address) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(address, 0), 0);
        s.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "GET / HTTP/1.1 is in this body, it is not a request\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        s.start();
        return s;
    }

    private static void get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        try (InputStream in = c.getInputStream()) {
            in.readAllBytes();
        }
    }

    private static void keepAlive(int port, int round) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            for (String path : new String[] {"/ka1", "/ka2"}) {
                write(s, "GET " + path + "?r=" + round + " HTTP/1.1\r\nHost: keepalive.test\r\n\r\n");
                readResponse(s);
            }
        }
    }

    private static void split(int port, int round) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            write(s, "POST /split?r=" + round + " HTTP/1.1\r\n");
            pause();
            write(s, "Host: split.test\r\nContent-Length: 4\r\n");
            pause();
            write(s, "\r\n");
            pause();
            write(s, "body");
            readResponse(s);
        }
    }

    /**
     * A TLS ClientHello with SNI netjfr.test, to a local socket that closes at once: the
     * handshake fails, the hello was sent.
     */
    private static void tlsHello() throws IOException {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Thread closer = new Thread(() -> {
                try (Socket peer = server.accept()) {
                    peer.getInputStream().read(new byte[4096]); // the hello, then the connection closes
                } catch (IOException e) {
                    // the client gave up first
                }
            }, "tls-peer");
            closer.start();
            javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) javax.net.ssl.SSLSocketFactory.getDefault()
                    .createSocket("127.0.0.1", server.getLocalPort());
            try (s) {
                javax.net.ssl.SSLParameters p = s.getSSLParameters();
                p.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName("netjfr.test")));
                s.setSSLParameters(p);
                s.startHandshake();
            } catch (IOException expected) {
                // no server behind it
            }
            try {
                closer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void write(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /**
     * Reads one response with a Content-Length body through a buffer, as HTTP clients do
     * (netjfr recognizes a response by the first bytes of a read: byte-wise reads hide it).
     */
    private static void readResponse(Socket s) throws IOException {
        InputStream in = new java.io.PushbackInputStream(s.getInputStream(), 8192);
        byte[] buf = new byte[8192];
        int n = in.read(buf);
        if (n <= 0) {
            return;
        }
        ((java.io.PushbackInputStream) in).unread(buf, 0, n);
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.append((char) b);
        }
        String h = head.toString().toLowerCase();
        int at = h.indexOf("content-length:");
        int length = at < 0 ? 0 : Integer.parseInt(h.substring(at + 15, h.indexOf("\r\n", at)).strip());
        in.readNBytes(length);
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
