package io.netjfr.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code payload} field: a bounded prefix of a captured HTTP/1.x head with its secrets
 * taken out. Query strings (in the request target and in Location, Content-Location and
 * Referer) become {@code ?REDACTED}; the values of Authorization and Proxy-Authorization
 * keep only their scheme ({@code Bearer REDACTED}); Cookie and Set-Cookie values become
 * {@code REDACTED}, and so do the folded lines that continue these fields; user information
 * in an absolute-form target ({@code http://user:pass@host/}) becomes {@code REDACTED}.
 * Only the head is kept (the body may hold anything), redaction happens before the cut to
 * {@code limit} characters, and bytes that are not printable ASCII show as {@code .}. The
 * head is what the kernel captured: a send's first 512 bytes, or up to 16 KB of a long head.
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
        int end = Latin1.headEnd(data, 0, length);
        String text = new String(data, 0, end < 0 ? length : end, StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder(text.length());
        int pos = 0;
        boolean first = true;
        boolean secret = false; // the field before is one whose value is redacted: so are its folded lines
        while (pos < text.length()) {
            int lf = text.indexOf('\n', pos);
            int next = lf < 0 ? text.length() : lf + 1;
            int stop = lf < 0 ? text.length() : lf > pos && text.charAt(lf - 1) == '\r' ? lf - 1 : lf;
            String line = text.substring(pos, stop);
            if (first) {
                out.append(redactStartLine(line));
            } else if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                out.append(secret ? line.charAt(0) + REDACTED : line); // obs-fold (RFC 9112 5.2)
            } else {
                secret = isSecret(line);
                out.append(redactHeader(line));
            }
            out.append(text, stop, next);
            pos = next;
            first = false;
        }
        return printable(out.length() > limit ? out.substring(0, limit) : out.toString());
    }

    /**
     * {@code target} with the user information of an absolute-form URL ("http://user:pass@host/")
     * replaced: {@code http://REDACTED@host/}.
     */
    public static String withoutUserinfo(String target) {
        int scheme = target.indexOf("://");
        if (scheme <= 0) {
            return target;
        }
        int from = scheme + 3;
        int end = from;
        while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
            end++;
        }
        int at = target.lastIndexOf('@', end - 1);
        return at < from ? target : target.substring(0, from) + REDACTED + target.substring(at);
    }

    private static boolean isSecret(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        return CREDENTIALS.contains(name) || COOKIES.contains(name);
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
        return line.substring(0, sp1 + 1) + withoutQuery(withoutUserinfo(target)) + (sp2 < 0 ? "" : line.substring(sp2));
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
