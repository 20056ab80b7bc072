package io.netjfr.watch;

import io.netjfr.record.HttpRequest;
import io.netjfr.record.HttpResponse;
import io.netjfr.record.IcmpPacket;
import io.netjfr.record.KernelClock;
import io.netjfr.record.Origin;
import io.netjfr.record.RecordSink;
import io.netjfr.record.TlsClientHello;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * {@code watch}: one aligned line per event: local time, pid, the sending thread's name
 * (its comm, as the kernel saw it when it sent), the command line (shortened in the middle
 * to fit the terminal) and what was sent:
 * <pre>
 * TIME          PID      THREAD           COMMAND                          SENT
 * 14:02:07.412  31337    ping             ping -c1 127.0.0.1               ICMP echo 127.0.0.1 -> 127.0.0.1 id=7 seq=1
 * 14:02:07.530  31340    curl             curl -s http://127.0.0.1:8080/x  GET http://127.0.0.1:8080/x
 * 14:02:07.531  31340    curl             curl -s http://127.0.0.1:8080/x  HTTP/1.1 200 OK 127.0.0.1:8080 (read by client, 0.4 ms)
 * 14:02:08.101  31402    order-client     java -jar orders.jar             TLS ClientHello example.test h2,http/1.1 t13d3112h2_...
 * </pre>
 */
public final class TextLines implements RecordSink {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());
    /** Room kept for the SENT column when sizing COMMAND. */
    private static final int SENT_WIDTH = 48;
    static final int MIN_COMMAND_WIDTH = 20;
    /** A comm has at most 15 characters. */
    private static final int THREAD_WIDTH = 15;

    private final PrintStream out;
    private final KernelClock clock;
    private final int commandWidth;
    private boolean headerPrinted;

    /** {@code columns}: the terminal's width. */
    public TextLines(PrintStream out, KernelClock clock, int columns) {
        this.out = out;
        this.clock = clock;
        this.commandWidth = Math.max(MIN_COMMAND_WIDTH, columns - 12 - 2 - 7 - 2 - THREAD_WIDTH - 2 - 2 - SENT_WIDTH);
    }

    /** The column titles, once: before the first event, or at the first drain. */
    public void header() {
        if (!headerPrinted) {
            headerPrinted = true;
            out.println(line("TIME", "PID", "THREAD", "COMMAND", "SENT"));
            out.flush();
        }
    }

    @Override
    public void icmp(IcmpPacket p) {
        print(p.origin(), describe(p));
    }

    @Override
    public void http(HttpRequest r) {
        print(r.origin(), describe(r));
    }

    @Override
    public void httpResponse(HttpResponse r) {
        print(r.origin(), describe(r));
    }

    @Override
    public void tlsClientHello(TlsClientHello h) {
        print(h.origin(), describe(h));
    }

    @Override
    public void drained() {
        header();
        out.flush();
    }

    private void print(Origin o, String sent) {
        header();
        String time = TIME.format(Instant.ofEpochSecond(0, clock.epochNanos(o.kernelTimeNanos())));
        String command = o.commandLine().isEmpty() ? "[" + o.processName() + "]" : o.commandLine();
        out.println(line(time, Integer.toString(o.pid()), printable(o.threadName()),
                shorten(printable(command), commandWidth), printable(sent)));
    }

    private String line(String time, String pid, String thread, String command, String sent) {
        return String.format("%-12s  %-7s  %-" + THREAD_WIDTH + "s  %-" + commandWidth + "s  %s", time, pid, thread,
                command, sent);
    }

    /** {@code ICMP echo 127.0.0.1 -> 127.0.0.1 id=7 seq=1}, {@code ICMPv6 type=135 code=0 fe80::1 -> ff02::1} */
    static String describe(IcmpPacket p) {
        boolean v6 = p.family().equals("IPv6");
        boolean echo = p.type() == (v6 ? 128 : 8);
        String proto = v6 ? "ICMPv6" : "ICMP";
        String route = p.sourceAddress() + " -> " + p.destinationAddress();
        return echo ? proto + " echo " + route + " id=" + p.id() + " seq=" + p.sequence()
                : proto + " type=" + p.type() + " code=" + p.code() + " " + route;
    }

    /** {@code GET http://host/path}: the URL the request asked for (the target as sent when it is absolute). */
    static String describe(HttpRequest r) {
        String target = r.target();
        if (target.startsWith("http://") || target.startsWith("https://") || !target.startsWith("/")) {
            return r.method() + " " + target; // proxy form, CONNECT host:port, OPTIONS *
        }
        String host = r.host() != null && !r.host().isEmpty() ? r.host()
                : (r.destinationAddress().contains(":") ? "[" + r.destinationAddress() + "]" : r.destinationAddress())
                        + ":" + r.destinationPort();
        return r.method() + " http://" + host + target;
    }

    /** {@code HTTP/1.1 200 OK 127.0.0.1:8080 (read by client, 0.4 ms)} */
    static String describe(HttpResponse r) {
        String latency = r.latencyNanos() >= 0 ? String.format(", %.1f ms", r.latencyNanos() / 1e6) : "";
        return r.version() + " " + r.status() + " " + r.reason() + " " + r.sourceAddress() + ":" + r.sourcePort()
                + " (" + r.side() + latency + ")";
    }

    /** {@code TLS ClientHello example.test h2,http/1.1 t13d3112h2_e8f1e7e78f70_b26ce05bbdd6} */
    static String describe(TlsClientHello h) {
        String server = h.serverName().isEmpty() ? h.destinationAddress() + ":" + h.destinationPort() : h.serverName();
        return "TLS ClientHello " + server + (h.alpn().isEmpty() ? "" : " " + h.alpn()) + " " + h.fingerprint();
    }

    /** At most {@code width} characters: the start and the end, "..." in the middle. */
    static String shorten(String s, int width) {
        if (s.length() <= width) {
            return s;
        }
        int head = (width - 3) * 2 / 5;
        int tail = width - 3 - head;
        return s.substring(0, head) + "..." + s.substring(s.length() - tail);
    }

    /**
     * Control characters as '?': C0 (a newline in an argument; one event, one line), DEL and
     * C1 (U+0080-U+009F: U+009B is a terminal's CSI, as ESC [ is), so packets cannot drive the
     * terminal.
     */
    public static String printable(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                if (sb == null) {
                    sb = new StringBuilder(s);
                }
                sb.setCharAt(i, '?');
            }
        }
        return sb == null ? s : sb.toString();
    }
}
