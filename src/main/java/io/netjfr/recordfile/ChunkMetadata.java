package io.netjfr.recordfile;

import jdk.jfr.Event;
import org.openjdk.jmc.flightrecorder.writer.api.Recording;
import org.openjdk.jmc.flightrecorder.writer.api.Recordings;
import org.openjdk.jmc.flightrecorder.writer.api.Type;
import org.openjdk.jmc.flightrecorder.writer.api.TypedField;
import org.openjdk.jmc.flightrecorder.writer.api.Types;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The types of a netjfr file, described once by JDK Mission Control's writer: the event
 * classes registered as {@link EventTypes} says, with JFR's own types (thread, string,
 * stack trace). The writer writes one chunk without events; from it come the metadata
 * event, which every chunk of the file repeats as it is, and the ids and fields the sink
 * needs to write events and constants itself.
 */
final class ChunkMetadata {
    /** The metadata event, as JMC's writer wrote it. */
    final byte[] event;
    final long stringTypeId;
    final long threadTypeId;
    /** The fields of a thread constant, in order: name and type name, as the metadata has them. */
    final List<TypedField> threadFields;
    /** Per event class, its type id and fields. */
    final Map<Class<? extends Event>, EventLayout> layouts = new LinkedHashMap<>();

    private ChunkMetadata(byte[] event, long stringTypeId, long threadTypeId, List<TypedField> threadFields) {
        this.event = event;
        this.stringTypeId = stringTypeId;
        this.threadTypeId = threadTypeId;
        this.threadFields = threadFields;
    }

    static ChunkMetadata of(List<Class<? extends Event>> eventClasses) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Recording recording = Recordings.newRecording(out, settings -> settings.withJdkTypeInitialization());
        Map<Class<? extends Event>, Type> types = new LinkedHashMap<>();
        for (Class<? extends Event> c : eventClasses) {
            types.put(c, EventTypes.register(recording, c));
        }
        Type thread = recording.getType(Types.JDK.THREAD);
        Type string = recording.getTypes().getType(Types.Builtin.STRING);
        try {
            recording.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChunkMetadata m = new ChunkMetadata(metadataEvent(out.toByteArray()), string.getId(), thread.getId(),
                new ArrayList<>(thread.getFields()));
        types.forEach((c, t) -> m.layouts.put(c, new EventLayout(c, t)));
        return m;
    }

    /** The metadata event of a chunk: where the header says, as long as its size says. */
    private static byte[] metadataEvent(byte[] chunk) {
        ByteBuffer b = ByteBuffer.wrap(chunk);
        if (chunk.length < ChunkHeader.SIZE || b.getInt(0) != 0x464c5200) {
            throw new IllegalStateException("JMC's writer wrote no JFR chunk");
        }
        int at = (int) b.getLong(24);
        long size = 0;
        for (int i = 0, shift = 0; i < 5; i++, shift += 7) {
            int x = chunk[at + i] & 0xff;
            size |= (long) (x & 0x7f) << shift;
            if (x < 0x80) {
                break;
            }
        }
        byte[] event = new byte[(int) size];
        System.arraycopy(chunk, at, event, 0, event.length);
        return event;
    }
}
