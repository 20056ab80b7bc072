package io.netjfr.protocol;

import java.util.Set;

/**
 * The parts of an HTTP/1.x request head netjfr reports, parsed from captured bytes.
 * {@code truncated}: the head's end was not captured (a bound cut it, or the rest never
 * came), so what comes after the cut (Host, the version) may be missing.
 */
public record HttpRequestHead(String method, String target, String version, String host, boolean truncated) {
    private static final String VERSION_PREFIX = "HTTP/1.";
    /** RFC 9110's methods and PATCH: the only ones taken without the version that proves a request line. */
    private static final Set<String> STANDARD_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    /**
     * Parses a request line ("method SP target SP HTTP/1.x", the method any token, lines
     * ending in CR LF or a bare LF) and the Host header; null when the bytes are not an
     * HTTP/1.x request (no "HTTP/1." version, e.g. an h2c preface or binary data after
     * "GET "). A head cut off by the capture limit ({@code cutOff}) yields what was
     * captured when its method is a standard one.
     */
    public static HttpRequestHead parse(byte[] data, int length, boolean cutOff) {
        return parse(data, length, cutOff, null);
    }

    /** As {@link #parse(byte[], int, boolean)}, taking repeated strings from {@code strings}. */
    static HttpRequestHead parse(byte[] data, int length, boolean cutOff, Latin1 strings) {
        int lf = Latin1.indexOfNewline(data, 0, length);
        int line = lf < 0 ? length : Latin1.lineEnd(data, 0, lf);
        if (lf < 0 && cutOff && line > 0 && data[line - 1] == '\r') {
            line--; // capture ended between CR and LF
        }
        int sp1 = Latin1.indexOf(data, ' ', 0, line);
        if (sp1 <= 0 || !isToken(data, 0, sp1)) {
            return null;
        }
        int sp2 = Latin1.lastIndexOf(data, ' ', 0, line);
        int targetEnd;
        String version;
        if (sp2 > sp1 && Latin1.startsWith(data, sp2 + 1, line, VERSION_PREFIX)
                && line - (sp2 + 1) > VERSION_PREFIX.length()) {
            targetEnd = sp2;
            version = Latin1.string(strings, data, sp2 + 1, line);
        } else if (lf < 0 && cutOff && STANDARD_METHODS.contains(Latin1.string(strings, data, 0, sp1))) {
            // request line longer than the capture: it may end inside the target or the version
            boolean partialVersion = sp2 > sp1 && isVersionPrefix(data, sp2 + 1, line);
            targetEnd = partialVersion ? sp2 : line;
            version = "";
        } else {
            return null;
        }
        if (!isPrintable(data, sp1 + 1, targetEnd)) {
            return null;
        }
        return new HttpRequestHead(Latin1.string(strings, data, 0, sp1),
                Latin1.string(strings, data, sp1 + 1, targetEnd), version,
                lf < 0 ? "" : host(data, length, lf + 1, strings), cutOff);
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
            int lf = Latin1.indexOfNewline(data, pos, length);
            int stop = lf < 0 ? length : Latin1.lineEnd(data, pos, lf);
            if (stop == pos) {
                break;
            }
            int colon = Latin1.indexOf(data, ':', pos, stop);
            if (colon > pos && Latin1.equalsIgnoreCase(data, pos, colon, "host")) {
                int v = Latin1.stripStart(data, colon + 1, stop);
                return Latin1.string(strings, data, v, Latin1.stripEnd(data, v, stop));
            }
            if (lf < 0) {
                break;
            }
            pos = lf + 1;
        }
        return "";
    }

    /** RFC 9110 5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA */
    private static boolean isToken(byte[] data, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = data[i];
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && "!#$%&'*+-.^_`|~".indexOf(c) < 0) {
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
