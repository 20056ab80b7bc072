package io.netjfr.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code payload} field: a bounded prefix of a captured HTTP/1.x head with its secrets
 * taken out. Query strings (in the request target and in Location, Content-Location and
 * Referer) become {@code ?REDACTED}; the values of Authorization and Proxy-Authorization
 * keep only their scheme ({@code Bearer REDACTED}); Cookie and Set-Cookie values become
 * {@code REDACTED}. Only the head is kept (the body may hold anything), redaction happens
 * before the cut to {@code limit} characters, and bytes that are not printable ASCII show
 * as {@code .}.
 */
public final class PayloadRedactor {
    public static final String REDACTED = "REDACTED";
    private static final Set<String> CREDENTIALS = Set.of("authorization", "proxy-authorization");
    private static final Set<String> COOKIES = Set.of("cookie", "set-cookie");
    private static final Set<String> URLS = Set.of("location", "content-location", "referer");

    private PayloadRedactor() {
    }

    /** The redacted head in {@code data[0..length)}, at most {@code limit} characters; "" when limit is 0. */
    public static String redact(byte[] data, int length, int limit) {
        if (limit <= 0) {
            return "";
        }
        String text = new String(data, 0, length, StandardCharsets.ISO_8859_1);
        int blank = text.indexOf("\r\n\r\n");
        if (blank >= 0) {
            text = text.substring(0, blank + 4);
        }
        StringBuilder out = new StringBuilder(text.length());
        int pos = 0;
        boolean first = true;
        while (pos < text.length()) {
            int eol = text.indexOf("\r\n", pos);
            int end = eol < 0 ? text.length() : eol;
            String line = text.substring(pos, end);
            out.append(first ? redactStartLine(line) : redactHeader(line));
            if (eol >= 0) {
                out.append("\r\n");
            }
            pos = eol < 0 ? text.length() : eol + 2;
            first = false;
        }
        return printable(out.length() > limit ? out.substring(0, limit) : out.toString());
    }

    private static String redactStartLine(String line) {
        if (line.startsWith("HTTP/")) {
            return line; // a status line holds no secrets
        }
        int sp1 = line.indexOf(' ');
        if (sp1 < 0) {
            return withoutQuery(line);
        }
        int sp2 = line.indexOf(' ', sp1 + 1);
        String target = sp2 < 0 ? line.substring(sp1 + 1) : line.substring(sp1 + 1, sp2);
        return line.substring(0, sp1 + 1) + withoutQuery(target) + (sp2 < 0 ? "" : line.substring(sp2));
    }

    private static String redactHeader(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return line;
        }
        String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).strip();
        String head = line.substring(0, colon + 1) + " ";
        if (CREDENTIALS.contains(name)) {
            int sp = value.indexOf(' ');
            return head + (sp > 0 ? value.substring(0, sp + 1) : "") + REDACTED;
        }
        if (COOKIES.contains(name)) {
            return head + REDACTED;
        }
        if (URLS.contains(name)) {
            return head + withoutQuery(value);
        }
        return line;
    }

    private static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q + 1) + REDACTED;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c == '\r' || c == '\n' || c == '\t' || (c >= ' ' && c < 0x7f) ? c : '.');
        }
        return b.toString();
    }
}
