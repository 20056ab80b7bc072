package io.netjfr.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netjfr.protocol.HttpRequestAssembler.Piece;
import io.netjfr.record.HttpRequest;
import io.netjfr.record.Origin;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpRequestAssemblerTest {

    private final List<HttpRequest> out = new ArrayList<>();
    private final HttpRequestAssembler assembler = new HttpRequestAssembler(out::add);

    private static Piece piece(long socket, boolean start, long time, String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return piece(socket, start, time, b, b.length, b.length);
    }

    private static Piece piece(long socket, boolean start, long time, byte[] data, int captured, long bytes) {
        Origin origin = new Origin(100, 101, "java", "java -jar app.jar", time);
        return new Piece(socket, start, origin, "10.0.0.1", 40000 + (int) socket, "10.0.0.2", 80, data, captured, bytes);
    }

    @Test
    void oneRequestPerHead() {
        assembler.accept(piece(1, true, 10, "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertEquals(1, out.size());
        HttpRequest r = out.get(0);
        assertEquals("GET", r.method());
        assertEquals("/a", r.target());
        assertEquals("h", r.host());
        assertEquals("HTTP/1.1", r.version());
        assertEquals(28, r.bytes());
        assertEquals(10, r.origin().kernelTimeNanos());
        assertEquals("10.0.0.1", r.sourceAddress());
        assertEquals(40001, r.sourcePort());
        assertEquals("10.0.0.2", r.destinationAddress());
        assertEquals(80, r.destinationPort());
        assertEquals(0, assembler.pending());
    }

    @Test
    void keepAliveTwoHeadsSameSocket() {
        assembler.accept(piece(1, true, 10, "GET /first HTTP/1.1\r\nHost: h\r\n\r\n"));
        assembler.accept(piece(1, true, 20, "POST /second HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"));
        assertEquals(2, out.size());
        assertEquals("/first", out.get(0).target());
        assertEquals("/second", out.get(1).target());
        assertEquals("POST", out.get(1).method());
    }

    @Test
    void headInThreePieces() {
        String line = "GET /split HTTP/1.1\r\n";
        String headers = "Host: split.example\r\nAccept: */*\r\n";
        assembler.accept(piece(7, true, 10, line));
        assembler.accept(piece(7, false, 11, headers));
        assertTrue(out.isEmpty());
        assertEquals(1, assembler.pending());
        assembler.accept(piece(7, false, 12, "\r\n"));
        assertEquals(1, out.size());
        HttpRequest r = out.get(0);
        assertEquals("/split", r.target());
        assertEquals("split.example", r.host());
        assertEquals(line.length() + headers.length() + 2, r.bytes());
        assertEquals(10, r.origin().kernelTimeNanos());
        assertEquals(0, assembler.pending());
    }

    @Test
    void bodyAfterHeadIsIgnored() {
        assembler.accept(piece(1, true, 10, "POST /p HTTP/1.1\r\nHost: h\r\n\r\n"));
        assembler.accept(piece(1, false, 11, "{\"body\":1}"));
        assertEquals(1, out.size());
        assertEquals(0, assembler.pending());
    }

    @Test
    void continuationWithoutOpenHeadIsIgnored() {
        assembler.accept(piece(3, false, 10, "Host: h\r\n\r\n"));
        assertTrue(out.isEmpty());
        assertEquals(0, assembler.pending());
    }

    @Test
    void interleavedSockets() {
        assembler.accept(piece(1, true, 10, "GET /one HTTP/1.1\r\n"));
        assembler.accept(piece(2, true, 11, "GET /two HTTP/1.1\r\n"));
        assertEquals(2, assembler.pending());
        assembler.accept(piece(2, false, 12, "Host: two\r\n\r\n"));
        assembler.accept(piece(1, false, 13, "Host: one\r\n\r\n"));
        assertEquals(2, out.size());
        assertEquals("/two", out.get(0).target());
        assertEquals("two", out.get(0).host());
        assertEquals(40002, out.get(0).sourcePort());
        assertEquals("/one", out.get(1).target());
        assertEquals("one", out.get(1).host());
        assertEquals(40001, out.get(1).sourcePort());
    }

    @Test
    void flushStartedBeforeEmitsIncompleteHead() {
        assembler.accept(piece(1, true, 10, "GET /old HTTP/1.1\r\nHost: old\r\n"));
        assembler.accept(piece(2, true, 50, "GET /new HTTP/1.1\r\n"));
        assembler.flushStartedBefore(10);
        assertTrue(out.isEmpty());
        assembler.flushStartedBefore(20);
        assertEquals(1, out.size());
        assertEquals("/old", out.get(0).target());
        assertEquals("old", out.get(0).host());
        assertEquals(1, assembler.pending());
        // the flushed socket's late continuation is dropped
        assembler.accept(piece(1, false, 60, "\r\n"));
        assertEquals(1, out.size());
    }

    @Test
    void headStartReplacesOpenHead() {
        assembler.accept(piece(1, true, 10, "GET /a HTTP/1.1\r\nHost: a\r\n"));
        assembler.accept(piece(1, true, 20, "GET /b HTTP/1.1\r\nHost: b\r\n\r\n"));
        assertEquals(2, out.size());
        assertEquals("/a", out.get(0).target());
        assertEquals("/b", out.get(1).target());
    }

    @Test
    void captureLimitCompletesAtOnce() {
        String text = "GET /" + "x".repeat(600) + " HTTP/1.1\r\nHost: h\r\n\r\n";
        byte[] all = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] captured = new byte[512];
        System.arraycopy(all, 0, captured, 0, 512);
        assembler.accept(piece(1, true, 10, captured, 512, all.length));
        assertEquals(1, out.size());
        HttpRequest r = out.get(0);
        assertEquals("GET", r.method());
        assertEquals("/" + "x".repeat(507), r.target());
        assertEquals("", r.version());
        assertEquals(all.length, r.bytes());
        assertEquals(0, assembler.pending());
    }

    @Test
    void captureLimitInContinuationCompletes() {
        assembler.accept(piece(1, true, 10, "GET /c HTTP/1.1\r\n"));
        String headers = "Host: c\r\nCookie: " + "y".repeat(600) + "\r\n\r\n";
        byte[] all = headers.getBytes(StandardCharsets.ISO_8859_1);
        assembler.accept(piece(1, false, 11, all, 512, all.length));
        assertEquals(1, out.size());
        assertEquals("c", out.get(0).host());
        assertEquals("HTTP/1.1", out.get(0).version());
        assertEquals(17 + all.length, out.get(0).bytes());
    }

    @Test
    void givesUpAfterMaxContinuations() {
        assembler.accept(piece(1, true, 10, "GET /many HTTP/1.1\r\n"));
        for (int i = 0; i < 4; i++) {
            assembler.accept(piece(1, false, 11 + i, "X-" + i + ": v\r\n"));
        }
        assertEquals(1, out.size());
        assertEquals("/many", out.get(0).target());
        assertEquals(0, assembler.pending());
    }

    @Test
    void nonHttpHeadIsDropped() {
        assembler.accept(piece(1, true, 10, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
        assertTrue(out.isEmpty());
        assertEquals(0, assembler.pending());
    }
}
