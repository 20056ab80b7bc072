package io.netjfr.protocol;

/** The status line of an HTTP/1.x response, parsed from captured bytes. */
public record HttpResponseHead(String version, int status, String reason) {

    /**
     * Parses "HTTP/1.x NNN reason"; null when the bytes are not an HTTP/1.x status line.
     * A line cut off by the capture limit ({@code cutOff}) yields what was captured.
     */
    public static HttpResponseHead parse(byte[] data, int length, boolean cutOff) {
        return parse(data, length, cutOff, null);
    }

    /** As {@link #parse(byte[], int, boolean)}, taking repeated strings from {@code strings}. */
    static HttpResponseHead parse(byte[] data, int length, boolean cutOff, Latin1 strings) {
        int lf = Latin1.indexOfNewline(data, 0, length);
        if (lf < 0 && !cutOff) {
            return null;
        }
        int line = lf < 0 ? length : Latin1.lineEnd(data, 0, lf);
        if (!Latin1.startsWith(data, 0, line, "HTTP/1.") || line < 12 || data[8] != ' ') {
            return null;
        }
        int status = 0;
        for (int i = 9; i < 12; i++) {
            int c = data[i];
            if (c < '0' || c > '9') {
                return null;
            }
            status = status * 10 + (c - '0');
        }
        if (status < 100 || (line > 12 && data[12] != ' ')) {
            return null;
        }
        for (int i = 13; i < line; i++) {
            int c = data[i] & 0xff;
            if ((c < ' ' && c != '\t') || c == 0x7f) {
                return null;
            }
        }
        return new HttpResponseHead(Latin1.string(strings, data, 0, 8), status,
                line > 13 ? Latin1.string(strings, data, 13, line) : "");
    }
}
