package io.netjfr.protocol;

import java.nio.charset.StandardCharsets;

/** The status line of an HTTP/1.x response, parsed from captured bytes. */
public record HttpResponseHead(String version, int status, String reason) {

    /**
     * Parses "HTTP/1.x NNN reason"; null when the bytes are not an HTTP/1.x status line.
     * A line cut off by the capture limit ({@code cutOff}) yields what was captured.
     */
    public static HttpResponseHead parse(byte[] data, int length, boolean cutOff) {
        String text = new String(data, 0, length, StandardCharsets.ISO_8859_1);
        int lineEnd = text.indexOf("\r\n");
        if (lineEnd < 0 && !cutOff) {
            return null;
        }
        String line = lineEnd < 0 ? text : text.substring(0, lineEnd);
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
            return null;
        }
        String version = line.substring(0, 8);
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            status = status * 10 + (c - '0');
        }
        if (status < 100 || (line.length() > 12 && line.charAt(12) != ' ')) {
            return null;
        }
        String reason = line.length() > 13 ? line.substring(13) : "";
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            if ((c < ' ' && c != '\t') || c == 0x7f) {
                return null;
            }
        }
        return new HttpResponseHead(version, status, reason);
    }
}
