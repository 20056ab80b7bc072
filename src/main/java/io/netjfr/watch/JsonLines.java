package io.netjfr.watch;

import io.netjfr.event.EventFields;
import io.netjfr.event.EventValuesSink;
import io.netjfr.record.KernelClock;
import io.netjfr.record.Origin;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * {@code watch --json}: one JSON object per event and line, with the event's JFR name, the
 * time the kernel saw it (ISO-8601, UTC, nanoseconds) and the event's JFR fields.
 * <p>
 * Lines are encoded into one buffer of {@link #BUFFER} bytes (the output is ASCII: Json
 * escapes the rest), handed to {@code out} whenever it is full and after each drain of the
 * ring, then flushed: a slow reader slows the drain, and the ring counts what it cannot
 * hold, instead of memory growing. Strings come mostly as the same String objects (a
 * process's command line, an address), so their escaped bytes are cached by identity.
 */
public final class JsonLines extends EventValuesSink implements EventFields {
    static final int BUFFER = 64 * 1024;
    private static final int CACHE = 1024;
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private final PrintStream out;
    private byte[] buffer = new byte[BUFFER + 8192];
    private int size;
    private final String[] cachedStrings = new String[CACHE];
    private final byte[][] cachedJson = new byte[CACHE][];
    private long second = Long.MIN_VALUE;
    private byte[] secondText;

    public JsonLines(PrintStream out, KernelClock clock) {
        super(clock);
        this.out = out;
    }

    @Override
    public void drained() {
        writeOut();
        out.flush();
    }

    @Override
    protected EventFields begin(String event, Origin o) {
        ascii("{\"event\":");
        string(event);
        ascii(",\"time\":\"");
        time(clock.epochNanos(o.kernelTimeNanos()));
        put((byte) '"');
        return this;
    }

    @Override
    public void put(String field, long value) {
        if (!field.equals("kernelTime")) { // "time" has it to the nanosecond
            name(field);
            number(value);
        }
    }

    @Override
    public void put(String field, boolean value) {
        name(field);
        ascii(value ? "true" : "false");
    }

    @Override
    public void put(String field, String value) {
        name(field);
        if (value == null) {
            ascii("null");
        } else {
            string(value);
        }
    }

    @Override
    protected void end() {
        ascii("}\n");
        if (size >= BUFFER) {
            writeOut();
        }
    }

    private void writeOut() {
        if (size > 0) {
            out.write(buffer, 0, size);
            size = 0;
        }
    }

    private void name(String field) {
        put((byte) ',');
        string(field);
        put((byte) ':');
    }

    /** A JSON string as {@link Json#string} writes it, cached by the String's identity. */
    private void string(String s) {
        int i = System.identityHashCode(s) & (CACHE - 1);
        byte[] json = cachedJson[i];
        if (cachedStrings[i] != s) {
            StringBuilder sb = new StringBuilder(s.length() + 2);
            Json.string(sb, s);
            json = sb.toString().getBytes(StandardCharsets.US_ASCII);
            cachedStrings[i] = s;
            cachedJson[i] = json;
        }
        put(json, json.length);
    }

    private void number(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                ascii(Long.toString(v));
                return;
            }
            put((byte) '-');
            v = -v;
        }
        ensure(19);
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        for (int d = size + digits - 1; d >= size; d--) {
            buffer[d] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size += digits;
    }

    /** As Instant.toString: seconds, then the fraction in groups of three digits, then Z. */
    private void time(long epochNanos) {
        long s = Math.floorDiv(epochNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
        if (s != second) {
            String text = Instant.ofEpochSecond(s).toString();
            secondText = text.substring(0, text.length() - 1).getBytes(StandardCharsets.US_ASCII);
            second = s;
        }
        put(secondText, secondText.length);
        if (nanos != 0) {
            int digits = nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
            int value = digits == 3 ? nanos / 1_000_000 : digits == 6 ? nanos / 1_000 : nanos;
            put((byte) '.');
            ensure(digits);
            for (int d = digits - 1; d >= 0; d--) {
                buffer[size++] = (byte) ('0' + value / POWERS[d] % 10);
            }
        }
        put((byte) 'Z');
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buffer[size++] = (byte) s.charAt(i);
        }
    }

    private void put(byte b) {
        ensure(1);
        buffer[size++] = b;
    }

    private void put(byte[] b, int n) {
        ensure(n);
        System.arraycopy(b, 0, buffer, size, n);
        size += n;
    }

    private void ensure(int n) {
        if (size + n > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + n));
        }
    }
}
