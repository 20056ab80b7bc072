package io.netjfr.protocol;

/**
 * Header fields of a captured HTTP/1.x head: where the head ends and what it says about
 * the body that follows (Content-Length, chunked), so the bytes after it can be told from
 * the next message. Reads the bytes in place, without building strings: valid while
 * {@code data} is not changed, and until the instance reads the next head.
 */
public final class HttpHeaders {
    private static final String CONTENT_LENGTH = "content-length";
    private static final String TRANSFER_ENCODING = "transfer-encoding";

    private byte[] data;
    private int length;
    private int end;     // index after the blank line, or length when it was not captured
    private boolean blankLine;
    private boolean scanned;
    private long contentLengthRange;    // stripped value as from << 32 | to; -1: absent
    private long transferEncodingRange;

    /** Headers to {@link #read} heads into, one after the other: the assembler's, reused for every head. */
    HttpHeaders() {
    }

    /** The headers of one head on their own. */
    static HttpHeaders of(byte[] data, int length) {
        return new HttpHeaders().read(data, length, Latin1.headEnd(data, 0, length));
    }

    /**
     * These headers are now those of {@code data[0..length)}; {@code end}: {@link Latin1#headEnd}
     * of the same bytes. Returns this.
     */
    HttpHeaders read(byte[] data, int length, int end) {
        this.data = data;
        this.length = length;
        this.end = end < 0 ? length : end;
        this.blankLine = end >= 0;
        this.scanned = false;
        this.contentLengthRange = -1;
        this.transferEncodingRange = -1;
        return this;
    }

    byte[] data() {
        return data;
    }

    /** Bytes captured, the head and what came after it. */
    int length() {
        return length;
    }

    /** Bytes of the head including its blank line; -1 when its end was not captured. */
    public int headLength() {
        return blankLine ? end : -1;
    }

    /** Content-Length, or -1 when absent or not a number. */
    public long contentLength() {
        scan();
        long range = contentLengthRange;
        if (range < 0) {
            return -1;
        }
        int from = (int) (range >>> 32);
        int to = (int) range;
        boolean negative = false;
        if (from < to && (data[from] == '+' || data[from] == '-')) {
            negative = data[from] == '-';
            from++;
        }
        if (from == to) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            int d = data[i] - '0';
            if (d < 0 || d > 9 || n > (Long.MAX_VALUE - d) / 10) {
                return -1;
            }
            n = n * 10 + d;
        }
        return negative && n != 0 ? -1 : n;
    }

    /** Transfer-Encoding ends with chunked: the body's length is not in the head. */
    public boolean chunked() {
        scan();
        long range = transferEncodingRange;
        int to = (int) range;
        return range >= 0 && to - (int) (range >>> 32) >= 7 && Latin1.equalsIgnoreCase(data, to - 7, to, "chunked");
    }

    /** A line starting with {@code first} may hold Content-Length or Transfer-Encoding (the others are skipped unread). */
    private static boolean mayName(byte first) {
        int lower = first | 0x20;
        return lower == 'c' || lower == 't' || Latin1.isWhitespace(first);
    }

    /** Content-Length and Transfer-Encoding, found in one pass over the fields (no lambda: runs per head). */
    private void scan() {
        if (scanned) {
            return;
        }
        scanned = true;
        int lf = Latin1.indexOfNewline(data, 0, length);
        while (lf >= 0 && lf + 1 < end && (contentLengthRange < 0 || transferEncodingRange < 0)) {
            int lineStart = lf + 1;
            lf = Latin1.indexOfNewline(data, lineStart, length);
            int stop = lf < 0 ? end : Math.min(Latin1.lineEnd(data, lineStart, lf), end);
            if (stop == lineStart) {
                return;
            }
            if (!mayName(data[lineStart])) {
                continue;
            }
            int colon = Latin1.indexOf(data, ':', lineStart, stop);
            if (colon > lineStart) {
                int nameFrom = Latin1.stripStart(data, lineStart, colon);
                int nameTo = Latin1.stripEnd(data, nameFrom, colon);
                boolean cl = contentLengthRange < 0 && Latin1.equalsIgnoreCase(data, nameFrom, nameTo, CONTENT_LENGTH);
                boolean te = !cl && transferEncodingRange < 0
                        && Latin1.equalsIgnoreCase(data, nameFrom, nameTo, TRANSFER_ENCODING);
                if (cl || te) {
                    int from = Latin1.stripStart(data, colon + 1, stop);
                    long value = (long) from << 32 | Latin1.stripEnd(data, from, stop);
                    if (cl) {
                        contentLengthRange = value;
                    } else {
                        transferEncodingRange = value;
                    }
                }
            }
        }
    }
}
