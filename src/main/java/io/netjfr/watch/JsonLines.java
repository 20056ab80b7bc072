package io.netjfr.watch;

import io.netjfr.event.EventValuesSink;
import io.netjfr.record.KernelClock;
import io.netjfr.record.Origin;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code watch --json}: one JSON object per event and line, with the event's JFR name, the
 * time the kernel saw it (ISO-8601, UTC, nanoseconds) and the event's JFR fields.
 */
public final class JsonLines extends EventValuesSink {
    private final PrintStream out;

    public JsonLines(PrintStream out, KernelClock clock) {
        super(clock);
        this.out = out;
    }

    @Override
    public void drained() {
        out.flush();
    }

    @Override
    protected void write(String event, Origin o, Map<String, Object> values) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", event);
        line.put("time", Instant.ofEpochSecond(0, clock.epochNanos(o.kernelTimeNanos())).toString());
        values.remove("kernelTime"); // "time", to the nanosecond
        line.putAll(values);
        out.println(Json.object(line));
    }
}
