package io.netjfr.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadRedactorTest {
    private static String redact(String text, int limit) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return PayloadRedactor.redact(b, b.length, limit);
    }

    @Test
    void secretsAreRedacted() {
        String head = "POST /login?user=bob&pw=hunter2 HTTP/1.1\r\n"
                + "Host: example.com\r\n"
                + "authorization: Basic Ym9iOmh1bnRlcjI=\r\n"
                + "Proxy-Authorization: token123\r\n"
                + "Cookie: session=abc; other=def\r\n"
                + "Referer: https://example.com/form?csrf=xyz\r\n"
                + "Content-Length: 11\r\n\r\n"
                + "pw=hunter2!";
        String r = redact(head, 4096);
        assertEquals("POST /login?REDACTED HTTP/1.1\r\n"
                + "Host: example.com\r\n"
                + "authorization: Basic REDACTED\r\n"
                + "Proxy-Authorization: REDACTED\r\n"
                + "Cookie: REDACTED\r\n"
                + "Referer: https://example.com/form?REDACTED\r\n"
                + "Content-Length: 11\r\n\r\n", r, "the body is not kept");
        assertFalse(r.contains("hunter2"));
    }

    @Test
    void responseCookiesAndLocation() {
        String r = redact("HTTP/1.1 302 Found\r\nSet-Cookie: id=1; Path=/\r\nLocation: /next?code=42\r\n\r\n", 4096);
        assertEquals("HTTP/1.1 302 Found\r\nSet-Cookie: REDACTED\r\nLocation: /next?REDACTED\r\n\r\n", r);
    }

    @Test
    void boundedAfterRedaction() {
        assertEquals("GET /a?RED", redact("GET /a?secret-value HTTP/1.1\r\n\r\n", 10));
        assertEquals("", redact("GET / HTTP/1.1\r\n\r\n", 0));
    }

    @Test
    void cutOffHeadAndBinaryBytes() {
        assertEquals("GET /x HTTP/1.1\r\nCookie: REDACTED", redact("GET /x HTTP/1.1\r\nCookie: abc", 100));
        assertEquals("GET /.. HTTP/1.1", redact("GET /\u0001\u00ff HTTP/1.1", 100));
    }

    @Test
    void foldedLinesOfSecretsAreRedacted() {
        String r = redact("GET / HTTP/1.1\r\nAuthorization: Basic\r\n dXNlcjpwYXNz\r\nCookie: a=1;\r\n\tb=secret\r\n"
                + "X-Other: x\r\n y\r\n\r\n", 4096);
        assertEquals("GET / HTTP/1.1\r\nAuthorization: REDACTED\r\n REDACTED\r\nCookie: REDACTED\r\n\tREDACTED\r\n"
                + "X-Other: x\r\n y\r\n\r\n", r);
    }

    @Test
    void userinfoInAnAbsoluteTarget() {
        assertEquals("GET http://REDACTED@proxy.example/a?REDACTED HTTP/1.1\r\n\r\n",
                redact("GET http://user:pass@proxy.example/a?q=1 HTTP/1.1\r\n\r\n", 4096));
        assertEquals("http://REDACTED@h/x@y", PayloadRedactor.withoutUserinfo("http://u:p@h/x@y"));
        assertEquals("/a@b", PayloadRedactor.withoutUserinfo("/a@b"));
        assertEquals("http://h/", PayloadRedactor.withoutUserinfo("http://h/"));
    }

    @Test
    void bareLineFeeds() {
        assertEquals("GET /?REDACTED HTTP/1.1\nCookie: REDACTED\n\n",
                redact("GET /?a=1 HTTP/1.1\nCookie: c=1\n\nbody", 4096));
    }
}
