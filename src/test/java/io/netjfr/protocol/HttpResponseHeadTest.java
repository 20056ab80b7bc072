package io.netjfr.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpResponseHeadTest {
    private static HttpResponseHead parse(String s, boolean cutOff) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return HttpResponseHead.parse(b, b.length, cutOff);
    }

    @Test
    void statusLine() {
        assertEquals(new HttpResponseHead("HTTP/1.1", 404, "Not Found"), parse("HTTP/1.1 404 Not Found\r\n\r\n", false));
        assertEquals(new HttpResponseHead("HTTP/1.0", 200, ""), parse("HTTP/1.0 200\r\n\r\n", false));
        assertEquals(new HttpResponseHead("HTTP/1.1", 200, "O"), parse("HTTP/1.1 200 O", true));
    }

    @Test
    void notAStatusLine() {
        assertNull(parse("HTTP/2.0 200 OK\r\n", false));
        assertNull(parse("HTTP/1.1 2x0 OK\r\n", false));
        assertNull(parse("HTTP/1.1 200 OK", false), "no line end and not cut off");
        assertNull(parse("HTTP/1.1 099 Low\r\n", false));
        assertNull(parse("HTTP/1.1 200 OK\u0000\r\n", false));
    }

    @Test
    void headers() {
        byte[] b = "HTTP/1.1 200 OK\r\ncontent-LENGTH:  42 \r\nTransfer-Encoding: gzip, chunked\r\n\r\nbody"
                .getBytes(StandardCharsets.ISO_8859_1);
        HttpHeaders h = HttpHeaders.of(b, b.length);
        assertEquals(42, h.contentLength());
        assertEquals(true, h.chunked());
        assertEquals(b.length - 4, h.headLength());
        byte[] cut = "HTTP/1.1 200 OK\r\nContent-Length: 1".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(-1, HttpHeaders.of(cut, cut.length).headLength());
    }

    @Test
    void headerValuesReadInPlace() {
        assertEquals(-1, headers("Content-Length: -5").contentLength());
        assertEquals(0, headers("Content-Length: -0").contentLength());
        assertEquals(5, headers("Content-Length: +5").contentLength());
        assertEquals(-1, headers("Content-Length: 99999999999999999999").contentLength());
        assertEquals(-1, headers("Content-Length: 4 2").contentLength());
        assertEquals(-1, headers("Content-Length:").contentLength());
        assertEquals(7, headers(" Content-Length : 7").contentLength(), "the name is stripped");
        assertEquals(7, headers("Content-Length:\t 7 \t").contentLength(), "the value is stripped");
        assertEquals(-1, headers("X: 1").contentLength());
        assertEquals(false, headers("Transfer-Encoding: chunked, gzip").chunked());
        assertEquals(true, headers("transfer-encoding: CHUNKED").chunked());
    }

    private static HttpHeaders headers(String field) {
        byte[] b = ("HTTP/1.1 200 OK\r\n" + field + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return HttpHeaders.of(b, b.length);
    }

    @Test
    void repeatedValuesAreOneString() {
        Latin1 strings = new Latin1();
        byte[] a = "HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] b = "HTTP/1.1 200 OK\r\nX: y\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        HttpResponseHead first = HttpResponseHead.parse(a, a.length, false, strings);
        HttpResponseHead second = HttpResponseHead.parse(b, b.length, false, strings);
        assertEquals(first, second);
        org.junit.jupiter.api.Assertions.assertSame(first.reason(), second.reason());
        org.junit.jupiter.api.Assertions.assertSame(first.version(), second.version());
    }
}
