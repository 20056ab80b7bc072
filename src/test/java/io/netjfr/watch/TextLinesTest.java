package io.netjfr.watch;

import io.netjfr.record.HttpRequest;
import io.netjfr.record.IcmpPacket;
import io.netjfr.record.KernelClock;
import io.netjfr.record.Origin;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextLinesTest {
    private static final Origin CURL = new Origin(1234, 1234, "curl", "curl -s http://h/x", 0);

    private static HttpRequest request(String target, String host, String address) {
        return new HttpRequest(CURL, "127.0.0.1", 40000, address, 8080, "GET", target, host, "HTTP/1.1", 70, "");
    }

    @Test
    void icmp() {
        assertEquals("ICMP echo 127.0.0.1 -> 127.0.0.1 id=7 seq=1", TextLines.describe(
                new IcmpPacket(CURL, "IPv4", "127.0.0.1", "127.0.0.1", 8, 0, 7, 1, 84)));
        assertEquals("ICMPv6 echo ::1 -> ::1 id=7 seq=2", TextLines.describe(
                new IcmpPacket(CURL, "IPv6", "::1", "::1", 128, 0, 7, 2, 64)));
        assertEquals("ICMP type=3 code=1 10.0.0.1 -> 10.0.0.2", TextLines.describe(
                new IcmpPacket(CURL, "IPv4", "10.0.0.1", "10.0.0.2", 3, 1, 0, 0, 56)));
    }

    @Test
    void http() {
        assertEquals("GET http://host:8080/path?q=1", TextLines.describe(request("/path?q=1", "host:8080", "10.0.0.1")));
        assertEquals("GET http://10.0.0.1:8080/p", TextLines.describe(request("/p", null, "10.0.0.1")));
        assertEquals("GET http://[::1]:8080/p", TextLines.describe(request("/p", "", "::1")));
        assertEquals("GET http://example.com/via-proxy",
                TextLines.describe(request("http://example.com/via-proxy", "example.com", "10.0.0.1")));
    }

    @Test
    void shortenKeepsBothEnds() {
        assertEquals("short", TextLines.shorten("short", 20));
        String s = TextLines.shorten("java -cp /a/very/long/class/path io.netjfr.it.apps.NetworkApp stdin", 30);
        assertEquals(30, s.length());
        assertTrue(s.startsWith("java -cp /"), s);
        assertTrue(s.endsWith("NetworkApp stdin"), s);
        assertTrue(s.contains("..."), s);
    }

    @Test
    void alignedLinesOnePerEvent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        TextLines lines = new TextLines(out, new KernelClock(), 100);
        lines.header();
        lines.http(new HttpRequest(new Origin(7, 7, "sh", "sh -c printf 'a\nb'", System.nanoTime()),
                "127.0.0.1", 1, "127.0.0.1", 80, "GET", "/", "h", "HTTP/1.1", 20, ""));
        String[] printed = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, printed.length, "a newline in the command line stays on one line");
        assertTrue(printed[1].substring(printed[0].indexOf("PID")).startsWith("7 "), printed[1]);
        assertTrue(printed[1].substring(printed[0].indexOf("THREAD")).startsWith("sh "), printed[1]);
        assertTrue(printed[1].substring(printed[0].indexOf("COMMAND")).startsWith("sh -c"), printed[1]);
        assertEquals(printed[0].indexOf("SENT"), printed[1].indexOf("GET http://h/"));
        assertTrue(printed[1].contains("sh -c printf 'a?b'"), printed[1]);
    }
}
