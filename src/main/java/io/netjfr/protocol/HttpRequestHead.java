package io.netjfr.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The parts of an HTTP/1.x request head netjfr reports, parsed from captured bytes. */
public record HttpRequestHead(String method, String target, String version, String host) {

    /**
     * Parses a request line and the Host header; null when the bytes are not an HTTP/1.x
     * request (no "HTTP/1." version, e.g. an h2c preface or binary data after "GET ").
     * A head cut off by the capture limit ({@code cutOff}) yields what was captured.
     */
    public static HttpRequestHead parse(byte[] data, int length, boolean cutOff) {
        String text = new String(data, 0, length, StandardCharsets.ISO_8859_1);
        int lineEnd = text.indexOf("\r\n");
        String requestLine = lineEnd < 0 ? text : text.substring(0, lineEnd);
        if (lineEnd < 0 && cutOff && requestLine.endsWith("\r")) {
            requestLine = requestLine.substring(0, requestLine.length() - 1); // capture ended between CR and LF
        }
        int sp1 = requestLine.indexOf(' ');
        if (sp1 <= 0) {
            return null;
        }
        int sp2 = requestLine.lastIndexOf(' ');
        String method = requestLine.substring(0, sp1);
        String target;
        String version;
        String tail = sp2 > sp1 ? requestLine.substring(sp2 + 1) : "";
        if (tail.startsWith("HTTP/1.") && tail.length() > "HTTP/1.".length()) {
            target = requestLine.substring(sp1 + 1, sp2);
            version = tail;
        } else if (lineEnd < 0 && cutOff) {
            // request line longer than the capture: it may end inside the target or the version
            boolean partialVersion = sp2 > sp1 && "HTTP/1.".startsWith(tail);
            target = requestLine.substring(sp1 + 1, partialVersion ? sp2 : requestLine.length());
            version = "";
        } else {
            return null;
        }
        if (!isToken(method) || !isPrintable(target)) {
            return null;
        }
        return new HttpRequestHead(method, target, version, lineEnd < 0 ? "" : host(text, lineEnd + 2));
    }

    private static String host(String text, int from) {
        int pos = from;
        while (pos < text.length()) {
            int end = text.indexOf("\r\n", pos);
            String line = end < 0 ? text.substring(pos) : text.substring(pos, end);
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).toLowerCase(Locale.ROOT).equals("host")) {
                return line.substring(colon + 1).strip();
            }
            if (end < 0) {
                break;
            }
            pos = end + 2;
        }
        return "";
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static boolean isPrintable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
