import com.sun.net.httpserver.HttpServer;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * A small application for the quick start: one thread pings loopback (ICMP, as root),
 * another sends two HTTP requests to a local server. Run it with the agent and the
 * template, then look at the recording with `jfr print --events 'netjfr.*'`.
 */
public class DemoApp {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "hello from the demo server\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        int port = server.getAddress().getPort();

        Thread pinger = new Thread(() -> {
            try {
                boolean up = InetAddress.getLoopbackAddress().isReachable(1000);
                System.out.println("demo: 127.0.0.1 reachable: " + up);
            } catch (Exception e) {
                System.out.println("demo: ping failed: " + e);
            }
            lingerForNetjfr();
        }, "demo-pinger");
        Thread client = new Thread(() -> {
            for (String path : new String[] {"/orders?id=42", "/health"}) {
                try {
                    HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
                    try (InputStream in = c.getInputStream()) {
                        in.readAllBytes();
                    }
                    System.out.println("demo: GET " + path + " -> " + c.getResponseCode());
                } catch (Exception e) {
                    System.out.println("demo: GET " + path + " failed: " + e);
                }
            }
            lingerForNetjfr();
        }, "demo-http-client");
        pinger.start();
        client.start();
        pinger.join();
        client.join();
        server.stop(0);
    }

    /**
     * netjfr names the java.lang.Thread behind a packet from the JVM's thread dump, a few
     * milliseconds after the kernel saw it: a thread that has ended by then keeps only its tid.
     */
    private static void lingerForNetjfr() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
