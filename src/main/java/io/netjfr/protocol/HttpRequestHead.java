package io.netjfr.protocol;

/** The parts of an HTTP/1.x request head netjfr reports, parsed from captured bytes. */
public record HttpRequestHead(String method, String target, String version, String host) {
    private static final String VERSION_PREFIX = "HTTP/1.";

    /**
     * Parses a request line and the Host header; null when the bytes are not an HTTP/1.x
     * request (no "HTTP/1." version, e.g. an h2c preface or binary data after "GET ").
     * A head cut off by the capture limit ({@code cutOff}) yields what was captured.
     */
    public static HttpRequestHead parse(byte[] data, int length, boolean cutOff) {
        return parse(data, length, cutOff, null);
    }

    /** As {@link #parse(byte[], int, boolean)}, taking repeated strings from {@code strings}. */
    static HttpRequestHead parse(byte[] data, int length, boolean cutOff, Latin1 strings) {
        int lineEnd = Latin1.indexOfCrlf(data, 0, length);
        int line = lineEnd < 0 ? length : lineEnd;
        if (lineEnd < 0 && cutOff && line > 0 && data[line - 1] == '\r') {
            line--; // capture ended between CR and LF
        }
        int sp1 = Latin1.indexOf(data, ' ', 0, line);
        if (sp1 <= 0) {
            return null;
        }
        int sp2 = Latin1.lastIndexOf(data, ' ', 0, line);
        int targetEnd;
        String version;
        if (sp2 > sp1 && Latin1.startsWith(data, sp2 + 1, line, VERSION_PREFIX)
                && line - (sp2 + 1) > VERSION_PREFIX.length()) {
            targetEnd = sp2;
            version = Latin1.string(strings, data, sp2 + 1, line);
        } else if (lineEnd < 0 && cutOff) {
            // request line longer than the capture: it may end inside the target or the version
            boolean partialVersion = sp2 > sp1 && isVersionPrefix(data, sp2 + 1, line);
            targetEnd = partialVersion ? sp2 : line;
            version = "";
        } else {
            return null;
        }
        if (!isToken(data, 0, sp1) || !isPrintable(data, sp1 + 1, targetEnd)) {
            return null;
        }
        return new HttpRequestHead(Latin1.string(strings, data, 0, sp1),
                Latin1.string(strings, data, sp1 + 1, targetEnd), version,
                lineEnd < 0 ? "" : host(data, length, lineEnd + 2, strings));
    }

    /** {@code data[from..to)} is a prefix of "HTTP/1." (the empty one included). */
    private static boolean isVersionPrefix(byte[] data, int from, int to) {
        if (to - from > VERSION_PREFIX.length()) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (data[i] != VERSION_PREFIX.charAt(i - from)) {
                return false;
            }
        }
        return true;
    }

    private static String host(byte[] data, int length, int from, Latin1 strings) {
        int pos = from;
        while (pos < length) {
            int end = Latin1.indexOfCrlf(data, pos, length);
            int stop = end < 0 ? length : end;
            if (stop == pos) {
                break;
            }
            int colon = Latin1.indexOf(data, ':', pos, stop);
            if (colon > pos && Latin1.equalsIgnoreCase(data, pos, colon, "host")) {
                int v = Latin1.stripStart(data, colon + 1, stop);
                return Latin1.string(strings, data, v, Latin1.stripEnd(data, v, stop));
            }
            if (end < 0) {
                break;
            }
            pos = end + 2;
        }
        return "";
    }

    private static boolean isToken(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] < 'A' || data[i] > 'Z') {
                return false;
            }
        }
        return to > from;
    }

    private static boolean isPrintable(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] <= ' ' || data[i] >= 0x7f) { // bytes >= 0x80 are negative
                return false;
            }
        }
        return to > from;
    }
}
