package io.netjfr.it;

import jdk.jfr.consumer.RecordedEvent;

import java.time.Duration;
import java.util.List;

import static io.netjfr.it.Events.where;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Drives io.netjfr.it.apps.ExchangeApp (a server with a fast and a slow endpoint, a client, recordings) over stdin. */
final class Exchanges {
    static final Duration STEP = Duration.ofSeconds(30);

    private Exchanges() {
    }

    /** Sends a get line, waits for it; returns the client's local port of its connection. */
    static int get(Jvm app, String what) throws Exception {
        long before = app.stdout().stream().filter(l -> l.startsWith("took ")).count();
        step(app, "get " + what);
        List<String> took = app.stdout().stream().filter(l -> l.startsWith("took ")).toList();
        assertEquals(before + 1, took.size());
        String[] w = took.get(took.size() - 1).split(" ");
        return Integer.parseInt(w[w.length - 1]);
    }

    /** Events of the connection from client port {@code clientPort}. */
    static List<RecordedEvent> on(List<RecordedEvent> responses, int clientPort) {
        return where(responses, e -> e.getInt("destinationPort") == clientPort || e.getInt("sourcePort") == clientPort);
    }

    /** A cold server's first exchanges are slow (class loading, interpreter): before any recording. */
    static void warmUp(Jvm app) throws Exception {
        step(app, "get /fast 200");
        step(app, "get /slow 3");
    }

    static int port(Jvm app) throws Exception {
        return Integer.parseInt(app.await("port ", STEP).split(" ")[1]);
    }

    /** The port of the app's other server (its stdout's "other Q"). */
    static int otherPort(Jvm app) throws Exception {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (System.nanoTime() < deadline) {
            for (String l : app.stdout()) {
                if (l.startsWith("other ")) {
                    return Integer.parseInt(l.split(" ")[1]);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no other server\n" + app.output());
    }

    /** Sends a line and waits for its "ok" (the app answers each in turn). */
    static void step(Jvm app, String line) throws Exception {
        int before = (int) app.stdout().stream().filter("ok"::equals).count();
        app.send(line);
        long deadline = System.nanoTime() + STEP.toNanos();
        while (app.stdout().stream().filter("ok"::equals).count() <= before) {
            if (System.nanoTime() > deadline || !app.process().isAlive()) {
                throw new AssertionError("no answer to '" + line + "'\n" + app.output());
            }
            Thread.sleep(20);
        }
    }

    /** Responses of exchanges with the app's own server (other engineers' traffic is on the machine too). */
    static List<RecordedEvent> ours(List<RecordedEvent> responses, int port) {
        return where(responses, e -> e.getInt("sourcePort") == port || e.getInt("destinationPort") == port);
    }
}
