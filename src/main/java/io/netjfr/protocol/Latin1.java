package io.netjfr.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Byte-level helpers for captured HTTP/1.x heads (ISO-8859-1, one char per byte), and a
 * small cache of the strings cut from them: methods, versions, reasons, hosts and targets
 * repeat, so each distinct value is built once and the same String is handed out again
 * (no garbage per head, and JFR pools a repeated String instance). Direct-mapped and
 * bounded; an instance is not thread-safe, a null cache builds a new String every time.
 */
final class Latin1 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;
    private static final int CACHE_BITS = 10;
    private static final int CACHE_SIZE = 1 << CACHE_BITS;
    private static final long MIX = 0x9E3779B97F4A7C15L;
    private static final int MAX_CACHED_LENGTH = 256;

    private final String[] cache = new String[CACHE_SIZE];
    /** Each cached String's bytes: compared in place, without reading the String char by char. */
    private final byte[][] cachedBytes = new byte[CACHE_SIZE][];

    /** The string of {@code b[from..to)}, from {@code cache} when not null. */
    static String string(Latin1 cache, byte[] b, int from, int to) {
        return cache == null || to - from > MAX_CACHED_LENGTH
                ? new String(b, from, to - from, StandardCharsets.ISO_8859_1)
                : cache.get(b, from, to);
    }

    private String get(byte[] b, int from, int to) {
        int slot = slot(b, from, to);
        byte[] known = cachedBytes[slot];
        if (known != null && Arrays.equals(known, 0, known.length, b, from, to)) {
            return cache[slot];
        }
        String s = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        cache[slot] = s;
        cachedBytes[slot] = Arrays.copyOfRange(b, from, to);
        return s;
    }

    /** The cache slot of {@code b[from..to)}: its length, its words and its last word mixed (a word at a time, not a byte). */
    private static int slot(byte[] b, int from, int to) {
        long h = to - from;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            h = (h ^ (long) LONGS.get(b, i)) * MIX;
        }
        if (i < to) {
            long last = 0;
            if (to - from >= Long.BYTES) {
                last = (long) LONGS.get(b, to - Long.BYTES); // overlaps bytes already mixed in
            } else {
                for (; i < to; i++) {
                    last = last << 8 | (b[i] & 0xff);
                }
            }
            h = (h ^ last) * MIX;
        }
        return (int) (h >>> (Long.SIZE - CACHE_BITS));
    }

    /**
     * Index of the first LF in {@code b[from..to)}, or -1 ({@code 0 <= from}). Eight bytes at a time: a word
     * has an LF where word ^ "\n\n\n\n\n\n\n\n" has a zero byte, and the lowest byte
     * the has-zero test marks is the first one.
     */
    static int indexOfNewline(byte[] b, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES;
            long zeros = (x - ONES) & ~x & HIGHS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Where the content of the line ending at the LF {@code lf} ends: before its CR, if it
     * has one (RFC 9112 2.2: a recipient may take a bare LF as a line's end).
     */
    static int lineEnd(byte[] b, int lineStart, int lf) {
        return lf > lineStart && b[lf - 1] == '\r' ? lf - 1 : lf;
    }

    /**
     * Index after the LF that ends a head's blank line in {@code b[from..to)}, or -1: an LF
     * whose byte before is an LF, or a CR after an LF (CR LF CR LF, bare LF LF, LF CR LF),
     * as bpf/http.bpf.h's find_head_end.
     */
    static int headEnd(byte[] b, int from, int to) {
        for (int lf = indexOfNewline(b, from + 1, to); lf >= 0; lf = indexOfNewline(b, lf + 1, to)) {
            if (b[lf - 1] == '\n' || (b[lf - 1] == '\r' && lf - 2 >= from && b[lf - 2] == '\n')) {
                return lf + 1;
            }
        }
        return -1;
    }

    static int indexOf(byte[] b, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    static int lastIndexOf(byte[] b, char c, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** {@code b[from..to)} starts with {@code prefix}. */
    static boolean startsWith(byte[] b, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code b[from..to)} equals {@code lower}, ignoring the case of ASCII letters. */
    static boolean equalsIgnoreCase(byte[] b, int from, int to, String lower) {
        if (to - from != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            int c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** What {@link String#strip()} treats as white space, for the ISO-8859-1 range. */
    static boolean isWhitespace(byte c) {
        return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20);
    }

    /** {@code from} moved past leading white space, not beyond {@code to}. */
    static int stripStart(byte[] b, int from, int to) {
        while (from < to && isWhitespace(b[from])) {
            from++;
        }
        return from;
    }

    /** {@code to} moved before trailing white space, not below {@code from}. */
    static int stripEnd(byte[] b, int from, int to) {
        while (to > from && isWhitespace(b[to - 1])) {
            to--;
        }
        return to;
    }
}
