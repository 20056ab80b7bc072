package io.netjfr.bpf;

import java.nio.ByteBuffer;

/** Receives each ring buffer record in kernel order, on the engine's drain thread. */
public interface RecordHandler {
    /** The record's bytes are {@code data[offset, offset + length)}, valid only during the call. */
    void onRecord(ByteBuffer data, int offset, int length);

    /** Called after each drain, also when it found nothing. */
    default void onDrained() {
    }

    /** Called once when the engine closes, after its last drain: no record comes after this. */
    default void onClosed() {
    }

    /** True while the handler waits for more records to finish something (then drains come at least every 100 ms). */
    default boolean pending() {
        return false;
    }
}
