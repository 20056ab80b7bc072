package io.netjfr.it;

import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.netjfr.it.Events.describe;
import static io.netjfr.it.Events.read;
import static io.netjfr.it.Events.where;
import static io.netjfr.it.Exchanges.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ICMP and TLS summaries count everything, also what filters and the throttle made no event
 * of: real pings (ping -c N to 127.0.0.1 and ::1) and a python ClientHello, seen with
 * scope=system by an agent whose recording filters ICMP to ::1 at 2/s and TLS to a host
 * nobody uses.
 */
@RequiresBpf
class SummariesIT {
    private static final int PINGS = 6;
    @TempDir
    Path dir;

    @Test
    void icmpAndTlsSummariesCountWhatFiltersAndThrottleDropped() throws Exception {
        Path jfr = dir.resolve("summaries.jfr");
        Commands.Result v4;
        Commands.Result v6;
        Commands.Result python;
        try (ServerSocket tls = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"));
                Jvm app = Jvm.start(Jvm.defaultJdk(), List.of("-javaagent:" + Jvm.AGENT_JAR + "=scope=system"),
                        "io.netjfr.it.apps.ExchangeApp")) {
            Thread acceptor = new Thread(() -> acceptAndClose(tls));
            acceptor.setDaemon(true);
            acceptor.start();
            Exchanges.port(app);
            step(app, "start a " + Jvm.TEMPLATE + " netjfr.IcmpPacket#hosts=::1 netjfr.IcmpPacket#throttle=2/s"
                    + " netjfr.TlsClientHello#hosts=192.0.2.1 netjfr.IcmpSummary#period=1_s"
                    + " netjfr.TlsSummary#period=1_s");
            v4 = Commands.run("ping", "-c", Integer.toString(PINGS), "-i", "0.05", "127.0.0.1");
            v6 = Commands.run("ping", "-c", Integer.toString(PINGS), "-i", "0.05", "::1");
            python = Commands.run("python3", "-c", "import socket, ssl\n"
                    + "s = socket.create_connection(('127.0.0.1', " + tls.getLocalPort() + "))\n"
                    + "try:\n"
                    + "    ssl.create_default_context().wrap_socket(s, server_hostname='summary.test')\n"
                    + "except (ssl.SSLError, OSError):\n"
                    + "    pass\n");
            assertEquals(0, v4.exit(), v4.output());
            assertEquals(0, v6.exit(), v6.output());
            assertEquals(0, python.exit(), python.output());
            Thread.sleep(2500); // a summary period after the last packet
            step(app, "stop a " + jfr);
        }

        List<RecordedEvent> packets = read(jfr, "netjfr.IcmpPacket");
        List<RecordedEvent> icmp = read(jfr, "netjfr.IcmpSummary");
        assertTrue(where(packets, e -> e.getInt("pid") == v4.pid()).isEmpty(), "IPv4 is not ::1\n" + describe(packets));
        List<RecordedEvent> recorded6 = where(packets, e -> e.getInt("pid") == v6.pid());
        assertTrue(recorded6.size() >= 1 && recorded6.size() <= 2 * 2, "2/s: " + describe(recorded6));
        for (Commands.Result ping : List.of(v4, v6)) {
            List<RecordedEvent> rows = where(icmp, e -> e.getInt("hostPid") == ping.pid()); // one per period
            boolean six = ping == v6;
            for (RecordedEvent row : rows) {
                assertEquals(six ? "::1" : "127.0.0.1", row.getString("destinationAddress"), row.toString());
                assertEquals(six ? 128 : 8, row.getInt("icmpType"), row.toString());
                assertEquals("ping", row.getString("processName"), "the kernel's, the process gone: " + row);
            }
            assertEquals(PINGS, sum(rows, "packets"), describe(icmp));
            assertEquals(PINGS - (six ? recorded6.size() : 0), sum(rows, "notRecorded"), describe(icmp));
            assertEquals(PINGS * (six ? 104 : 84), sum(rows, "bytes"), "56 data bytes a packet: " + describe(rows));
        }

        List<RecordedEvent> tlsRows = where(read(jfr, "netjfr.TlsSummary"), e -> e.getInt("hostPid") == python.pid());
        assertEquals(1, tlsRows.size(), describe(read(jfr, "netjfr.TlsSummary")));
        RecordedEvent hello = tlsRows.get(0);
        assertEquals("summary.test", hello.getString("serverName"));
        assertTrue(hello.getString("fingerprint").startsWith("t13d"), hello.toString());
        assertEquals(1, hello.getLong("hellos"));
        assertEquals(1, hello.getLong("notRecorded"), "its host is not 192.0.2.1");
        assertTrue(where(read(jfr, "netjfr.TlsClientHello"), e -> e.getInt("pid") == python.pid()).isEmpty());

        // JMC's parser and jfr print read them too
        for (String type : List.of("netjfr.IcmpSummary", "netjfr.TlsSummary")) {
            List<Map<String, Object>> jmc = io.netjfr.recordfile.JmcFile.read(jfr, type);
            assertTrue(!jmc.isEmpty() && jmc.get(0).containsKey("notRecorded"), jmc.toString());
            Commands.Result print = Commands.run(List.of(Path.of(System.getProperty("java.home"), "bin", "jfr")
                    .toString(), "print", "--events", type, jfr.toString()));
            assertTrue(print.stdout().contains("notRecorded = "), print.stdout());
        }
    }

    private static long sum(List<RecordedEvent> events, String field) {
        return events.stream().mapToLong(e -> e.getLong(field)).sum();
    }

    /** A TCP server that takes the ClientHello and hangs up: the hello is all the test needs. */
    private static void acceptAndClose(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.getInputStream().read(new byte[4096]);
            } catch (IOException e) {
                return;
            }
        }
    }
}
