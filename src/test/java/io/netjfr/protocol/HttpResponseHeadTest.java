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
}
