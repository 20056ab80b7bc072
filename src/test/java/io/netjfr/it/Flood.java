package io.netjfr.it;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A python process that, when told, sends {@code count} HTTP request heads of ~650 bytes
 * over one loopback connection to its own listener (which reads and discards them):
 * about 60 MB of ring records for 100 000, several times the ring buffer.
 */
final class Flood implements AutoCloseable {
    private static final String SCRIPT = String.join("\n",
            "import socket, sys, threading",
            "srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen(1)",
            "port = srv.getsockname()[1]",
            "print('port', port, flush=True)",
            "sys.stdin.readline()",
            "def drain():",
            "    c, _ = srv.accept()",
            "    while c.recv(1 << 20):",
            "        pass",
            "t = threading.Thread(target=drain); t.start()",
            "cli = socket.create_connection(('127.0.0.1', port))",
            "head = ('GET /flood HTTP/1.1\\r\\nHost: x\\r\\nX-Pad: ' + 'p' * 600 + '\\r\\n\\r\\n').encode()",
            "for i in range(int(sys.argv[1])):",
            "    cli.sendall(head)",
            "cli.close(); t.join()",
            "print('sent', flush=True)");

    private final Jvm python;
    private final int port;

    Flood(int count) throws IOException, InterruptedException {
        python = new Jvm(List.of("python3", "-c", SCRIPT, Integer.toString(count)));
        port = Integer.parseInt(python.await("port ", Duration.ofSeconds(20)).substring(5).strip());
    }

    int port() {
        return port;
    }

    /** Sends the heads; returns when all are sent. */
    void send() throws IOException, InterruptedException {
        python.send("go");
        python.await("sent", Duration.ofSeconds(60));
    }

    /** Runs {@code send()} while {@code pid} is stopped (SIGSTOP), so its ring buffer overflows. */
    void sendWhileStopped(long pid) throws Exception {
        Commands.Result stop = Commands.run("kill", "-STOP", Long.toString(pid));
        if (stop.exit() != 0) {
            throw new AssertionError(stop.output());
        }
        try {
            send();
        } finally {
            Commands.run("kill", "-CONT", Long.toString(pid));
        }
    }

    @Override
    public void close() {
        python.close();
    }
}
