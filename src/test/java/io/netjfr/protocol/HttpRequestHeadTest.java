package io.netjfr.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpRequestHeadTest {

    private static HttpRequestHead parse(String text, boolean cutOff) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return HttpRequestHead.parse(b, b.length, cutOff);
    }

    @Test
    void requestLineAndHost() {
        assertEquals(new HttpRequestHead("GET", "/index.html?q=1", "HTTP/1.1", "example.com:8080", false),
                parse("GET /index.html?q=1 HTTP/1.1\r\nHost: example.com:8080\r\nAccept: */*\r\n\r\n", false));
    }

    @Test
    void hostInAnyOrderAndCase() {
        HttpRequestHead h = parse("POST /api HTTP/1.1\r\nUser-Agent: x\r\nContent-Length: 3\r\nhOsT:   a.b   \r\n\r\nabc",
                false);
        assertEquals("POST", h.method());
        assertEquals("a.b", h.host());
    }

    @Test
    void hostAfterBlankLineIsBody() {
        assertEquals("", parse("GET / HTTP/1.1\r\nAccept: */*\r\n\r\nHost: body\r\n", false).host());
    }

    @Test
    void noHostHeader() {
        assertEquals(new HttpRequestHead("GET", "/", "HTTP/1.1", "", false), parse("GET / HTTP/1.1\r\n\r\n", false));
    }

    @Test
    void absoluteFormTarget() {
        HttpRequestHead h = parse("GET http://proxy.example/a/b HTTP/1.1\r\nHost: proxy.example\r\n\r\n", false);
        assertEquals("http://proxy.example/a/b", h.target());
        assertEquals("proxy.example", h.host());
    }

    @Test
    void authorityFormConnect() {
        HttpRequestHead h = parse("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", false);
        assertEquals("CONNECT", h.method());
        assertEquals("example.com:443", h.target());
    }

    @Test
    void http10() {
        assertEquals(new HttpRequestHead("HEAD", "/", "HTTP/1.0", "", false), parse("HEAD / HTTP/1.0\r\n\r\n", false));
    }

    @Test
    void cutOffInsideTarget() {
        assertEquals(new HttpRequestHead("GET", "/very/long/path?x=aaaa", "", "", true),
                parse("GET /very/long/path?x=aaaa", true));
    }

    @Test
    void cutOffInsideVersion() {
        assertEquals(new HttpRequestHead("GET", "/p", "", "", true), parse("GET /p HTT", true));
        assertEquals(new HttpRequestHead("GET", "/p", "", "", true), parse("GET /p ", true));
        assertEquals(new HttpRequestHead("GET", "/p", "", "", true), parse("GET /p HTTP/1.", true));
    }

    @Test
    void cutOffBetweenCrAndLf() {
        assertEquals(new HttpRequestHead("GET", "/p", "HTTP/1.1", "", true), parse("GET /p HTTP/1.1\r", true));
    }

    @Test
    void cutOffInsideHeaders() {
        assertEquals(new HttpRequestHead("GET", "/", "HTTP/1.1", "h", true), parse("GET / HTTP/1.1\r\nHost: h\r\nAcc", true));
    }

    @Test
    void extensionMethodsAreTokens() {
        assertEquals(new HttpRequestHead("PROPFIND", "/dav/", "HTTP/1.1", "h", false),
                parse("PROPFIND /dav/ HTTP/1.1\r\nHost: h\r\nDepth: 1\r\n\r\n", false));
        assertEquals("FOO", parse("FOO /x HTTP/1.1\r\n\r\n", false).method());
        assertEquals("get", parse("get /x HTTP/1.1\r\n\r\n", false).method());
        assertEquals("M-SEARCH", parse("M-SEARCH * HTTP/1.1\r\n\r\n", false).method());
    }

    @Test
    void extensionMethodsNeedTheVersion() {
        assertNull(parse("FOO /x", true)); // no proof it is HTTP: a standard method cut off is still reported
        assertNull(parse("EHLO example.com\r\n", false));
        assertNull(parse("SET key value\r\n", false));
        assertNull(parse("FO\u00e9 /x HTTP/1.1\r\n\r\n", false));
    }

    @Test
    void bareLineFeeds() {
        assertEquals(new HttpRequestHead("GET", "/lf", "HTTP/1.1", "bare.example", false),
                parse("GET /lf HTTP/1.1\nAccept: */*\nHost: bare.example\n\n", false));
    }

    @Test
    void requestLineWithoutVersionNotCutOffIsRejected() {
        assertNull(parse("GET /very/long/path", false));
    }

    @Test
    void rejectsH2cPreface() {
        assertNull(parse("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", false));
        assertNull(parse("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", true));
    }

    @Test
    void rejectsBinaryAfterMethod() {
        byte[] b = new byte[64];
        b[0] = 'G';
        b[1] = 'E';
        b[2] = 'T';
        b[3] = ' ';
        for (int i = 4; i < b.length; i++) {
            b[i] = (byte) (i * 37);
        }
        assertNull(HttpRequestHead.parse(b, b.length, false));
        assertNull(HttpRequestHead.parse(b, b.length, true));
        assertNull(parse("GET \u0001\u0002\u0003 HTTP/1.1\r\n\r\n", false));
    }


    @Test
    void rejectsResponseLine() {
        assertNull(parse("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false));
        assertNull(parse("HTTP/1.1 200 OK", true));
    }

    @Test
    void rejectsEmptyAndNoSpace() {
        assertNull(parse("", false));
        assertNull(parse("GET", true));
        assertNull(parse(" / HTTP/1.1\r\n\r\n", false));
    }

    @Test
    void usesOnlyLength() {
        byte[] b = "GET / HTTP/1.1\r\nHost: a\r\n\r\ntrailing junk".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("GET", HttpRequestHead.parse(b, 14, true).method());
        assertEquals("HTTP/1.1", HttpRequestHead.parse(b, 14, true).version());
    }
}
