package io.netjfr.event;

/**
 * Where {@link EventValues} puts an event's fields, by JFR field name, in no particular
 * order: an output that encodes them as it goes (the stand-alone .jfr file, JSON lines)
 * instead of collecting a map per event. Ints go through {@link #put(String, long)}.
 */
public interface EventFields {
    void put(String field, long value);

    void put(String field, boolean value);

    /** {@code value} may be null (no value). */
    void put(String field, String value);
}
