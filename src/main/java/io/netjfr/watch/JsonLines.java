package io.netjfr.watch;

import io.netjfr.event.EventFields;
import io.netjfr.event.EventValuesSink;
import io.netjfr.record.KernelClock;
import io.netjfr.record.Origin;

import java.io.PrintStream;
import java.time.Instant;

/**
 * {@code watch --json}: one JSON object per event and line, with the event's JFR name, the
 * time the kernel saw it (ISO-8601, UTC, nanoseconds) and the event's JFR fields. Each line
 * is built in one reused buffer and written as it is complete; {@code out} holds at most its
 * own buffer's worth and is flushed after each drain of the ring, so a slow reader slows the
 * drain (the ring then counts what it cannot hold) instead of growing memory.
 */
public final class JsonLines extends EventValuesSink implements EventFields {
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private final PrintStream out;
    private final StringBuilder line = new StringBuilder(1024);
    private byte[] bytes = new byte[1024];
    private long second = Long.MIN_VALUE;
    private String secondText;

    public JsonLines(PrintStream out, KernelClock clock) {
        super(clock);
        this.out = out;
    }

    @Override
    public void drained() {
        out.flush();
    }

    @Override
    protected EventFields begin(String event, Origin o) {
        line.setLength(0);
        line.append("{\"event\":");
        Json.string(line, event);
        line.append(",\"time\":\"");
        time(clock.epochNanos(o.kernelTimeNanos()));
        line.append('"');
        return this;
    }

    @Override
    public void put(String field, long value) {
        if (!field.equals("kernelTime")) { // "time" has it to the nanosecond
            name(field).append(value);
        }
    }

    @Override
    public void put(String field, String value) {
        name(field);
        if (value == null) {
            line.append("null");
        } else {
            Json.string(line, value);
        }
    }

    private StringBuilder name(String field) {
        line.append(',');
        Json.string(line, field);
        return line.append(':');
    }

    /** The line is ASCII (Json escapes the rest): one byte per char. */
    @Override
    protected void end() {
        line.append('\n');
        int n = line.length();
        if (bytes.length < n) {
            bytes = new byte[Math.max(n, bytes.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) line.charAt(i);
        }
        out.write(bytes, 0, n);
    }

    /** As Instant.toString: seconds, then the fraction in groups of three digits, then Z. */
    private void time(long epochNanos) {
        long s = Math.floorDiv(epochNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
        if (s != second) {
            String text = Instant.ofEpochSecond(s).toString();
            secondText = text.substring(0, text.length() - 1);
            second = s;
        }
        line.append(secondText);
        if (nanos != 0) {
            int digits = nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
            int value = digits == 3 ? nanos / 1_000_000 : digits == 6 ? nanos / 1_000 : nanos;
            line.append('.');
            for (int d = digits - 1; d >= 0; d--) {
                line.append((char) ('0' + value / POWERS[d] % 10));
            }
        }
        line.append('Z');
    }
}
