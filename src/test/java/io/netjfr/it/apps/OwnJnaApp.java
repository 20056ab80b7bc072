package io.netjfr.it.apps;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.net.httpserver.HttpServer;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;

/**
 * An application with its own JNA on its class path (the test gives it 5.13.0): prints
 * "jna <Native.VERSION>", "getpid <pid via its JNA> <ProcessHandle pid>", whether the
 * agent's picocli and Agent classes are visible to it, then sends one HTTP GET /own-jna
 * from thread "http-sender" and prints "app finished".
 */
public final class OwnJnaApp {
    public interface CLib extends Library {
        int getpid();
    }

    public static void main(String[] args) throws Exception {
        // Native.VERSION is a compile-time constant (of the JNA compiled against): read it at run time
        Field version = Native.class.getField("VERSION"); // declared by the package-private Version
        version.setAccessible(true);
        System.out.println("jna " + version.get(null) + " from " + Native.class.getProtectionDomain().getCodeSource().getLocation());
        CLib c = Native.load("c", CLib.class);
        System.out.println("getpid " + c.getpid() + " " + ProcessHandle.current().pid());
        ClassLoader loader = OwnJnaApp.class.getClassLoader();
        for (String name : new String[] {"picocli.CommandLine", "io.netjfr.agent.Agent"}) {
            System.out.println("visible " + name + " " + visible(loader, name));
        }

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        Thread sender = new Thread(() -> {
            try {
                URL url = new URL("http://127.0.0.1:" + server.getAddress().getPort() + "/own-jna");
                HttpURLConnection conn = (HttpURLConnection) url.openConnection();
                try (InputStream in = conn.getInputStream()) {
                    in.readAllBytes();
                }
                System.out.println("http status " + conn.getResponseCode());
                Thread.sleep(300); // alive while the agent resolves its java.lang.Thread
            } catch (Exception e) {
                System.out.println("http failed: " + e);
            }
        }, "http-sender");
        sender.start();
        sender.join();
        server.stop(0);
        System.out.println("app finished");
    }

    private static boolean visible(ClassLoader loader, String name) {
        try {
            Class.forName(name, false, loader);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
