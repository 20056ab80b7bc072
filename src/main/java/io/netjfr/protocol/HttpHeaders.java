package io.netjfr.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Header fields of a captured HTTP/1.x head: where the head ends and what it says about
 * the body that follows (Content-Length, chunked), so the bytes after it can be told from
 * the next message.
 */
public final class HttpHeaders {
    private final String text; // ISO-8859-1, one char per byte
    private final int end;     // index after the blank line, or the text's length when it was not captured

    private HttpHeaders(String text, int end) {
        this.text = text;
        this.end = end;
    }

    public static HttpHeaders of(byte[] data, int length) {
        String text = new String(data, 0, length, StandardCharsets.ISO_8859_1);
        int blank = text.indexOf("\r\n\r\n");
        return new HttpHeaders(text, blank < 0 ? text.length() : blank + 4);
    }

    /** Bytes of the head including its blank line; -1 when its end was not captured. */
    public int headLength() {
        return end == text.length() && !text.endsWith("\r\n\r\n") ? -1 : end;
    }

    /** The first value of a header field (case-insensitive name), stripped; null when absent. */
    public String get(String name) {
        int pos = text.indexOf("\r\n");
        while (pos >= 0 && pos + 2 < end) {
            int lineStart = pos + 2;
            int lineEnd = text.indexOf("\r\n", lineStart);
            String line = text.substring(lineStart, lineEnd < 0 ? end : Math.min(lineEnd, end));
            if (line.isEmpty()) {
                return null;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals(name)) {
                return line.substring(colon + 1).strip();
            }
            pos = lineEnd;
        }
        return null;
    }

    /** Content-Length, or -1 when absent or not a number. */
    public long contentLength() {
        String v = get("content-length");
        if (v == null) {
            return -1;
        }
        try {
            long n = Long.parseLong(v);
            return n < 0 ? -1 : n;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Transfer-Encoding ends with chunked: the body's length is not in the head. */
    public boolean chunked() {
        String v = get("transfer-encoding");
        return v != null && v.toLowerCase(Locale.ROOT).endsWith("chunked");
    }
}
