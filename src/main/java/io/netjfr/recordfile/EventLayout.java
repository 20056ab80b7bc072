package io.netjfr.recordfile;

import io.netjfr.event.EventFields;
import jdk.jfr.Event;
import org.openjdk.jmc.flightrecorder.writer.api.Type;
import org.openjdk.jmc.flightrecorder.writer.api.TypedField;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One event type of the file: its id in the metadata and its fields after JFR's implicit
 * four (start time, duration, thread, stack trace), in the metadata's order. As an
 * {@link EventFields} it takes an event's values in any order, by name, into slots, and
 * {@link #writeFields} encodes them in the metadata's order; a field nobody set is written
 * as null or 0 (javaThread, a payload the option did not ask for).
 */
final class EventLayout implements EventFields {
    /** startTime, duration, eventThread, stackTrace: written by the sink. */
    static final int IMPLICIT_FIELDS = 4;
    private static final int INT = 0;
    private static final int LONG = 1;
    private static final int BOOLEAN = 2;
    private static final int STRING = 3;
    private static final int NULL_CONSTANT = 4; // a Thread field: only the agent knows a java.lang.Thread
    /** An empty recent-string entry: no field's value is this object, not even null. */
    private static final String NO_STRING = new String();

    final String name;
    final long typeId;
    private final String[] names;
    private final int[] kinds;
    private final Map<String, Integer> slots = new HashMap<>();
    private final long[] longs;
    private final String[] strings;
    /** A slot holds a value of this event when its stamp is the current one. */
    private final int[] stamps;
    private int stamp = 1;
    /** The field names of the previous event in the order they came, and their slots: almost always the same. */
    private final String[] lastNames;
    private final int[] lastSlots;
    private int calls;
    /**
     * Per string field the last two strings written and their constant ids, good until
     * {@link #newChunk}: a field almost always repeats one of them (the same process,
     * address, method; two processes taking turns), so most strings cost no pool lookup.
     */
    private final String[] recentStrings;
    private final long[] recentIds;
    /** Events of this type written so far. */
    long count;

    EventLayout(Class<? extends Event> eventClass, Type type) {
        this.name = type.getTypeName();
        this.typeId = type.getId();
        List<Field> fields = EventTypes.fields(eventClass);
        List<? extends TypedField> declared = type.getFields();
        if (fields.size() != declared.size()) {
            throw new IllegalStateException(name + ": " + declared.size() + " fields in the metadata, "
                    + fields.size() + " in " + eventClass.getName());
        }
        int n = fields.size() - IMPLICIT_FIELDS;
        names = new String[n];
        kinds = new int[n];
        for (int i = 0; i < n; i++) {
            Field f = fields.get(i + IMPLICIT_FIELDS);
            names[i] = EventTypes.fieldName(f);
            if (!names[i].equals(declared.get(i + IMPLICIT_FIELDS).getName())) {
                throw new IllegalStateException(name + ": field " + i + " is " + declared.get(i + IMPLICIT_FIELDS)
                        .getName() + " in the metadata, " + names[i] + " in " + eventClass.getName());
            }
            kinds[i] = kind(f);
            slots.put(names[i], i);
        }
        longs = new long[n];
        strings = new String[n];
        stamps = new int[n];
        lastNames = new String[n];
        lastSlots = new int[n];
        recentStrings = new String[2 * n];
        recentIds = new long[2 * n];
        newChunk();
    }

    private static int kind(Field f) {
        Class<?> t = f.getType();
        if (t == int.class || t == short.class || t == char.class) {
            return INT;
        } else if (t == long.class) {
            return LONG;
        } else if (t == boolean.class) {
            return BOOLEAN;
        } else if (t == String.class) {
            return STRING;
        } else if (t == Thread.class || t == Class.class) {
            return NULL_CONSTANT;
        }
        throw new IllegalArgumentException("field " + f + ": record writes no " + t.getName());
    }

    @Override
    public void put(String field, long value) {
        int s = slot(field);
        longs[s] = value;
        stamps[s] = stamp;
    }

    @Override
    public void put(String field, boolean value) {
        put(field, value ? 1L : 0L);
    }

    @Override
    public void put(String field, String value) {
        int s = slot(field);
        strings[s] = value;
        stamps[s] = stamp;
    }

    private int slot(String field) {
        int k = calls++;
        if (k < lastNames.length && lastNames[k] == field) { // the same literal as last time
            return lastSlots[k];
        }
        Integer s = slots.get(field);
        if (s == null) {
            throw new IllegalArgumentException(name + " has no field " + field);
        }
        if (k < lastNames.length) {
            lastNames[k] = field;
            lastSlots[k] = s;
        }
        return s;
    }

    /** The fields put since the last call, in the metadata's order; then the slots are empty again. */
    void writeFields(ChunkBuffer out, ConstantPools pools) {
        for (int i = 0; i < kinds.length; i++) {
            boolean has = stamps[i] == stamp;
            switch (kinds[i]) {
                case INT -> out.putInt(has ? (int) longs[i] : 0);
                case LONG -> out.putLong(has ? longs[i] : 0);
                case BOOLEAN -> out.putByte(has && longs[i] != 0 ? 1 : 0);
                case STRING -> putString(out, pools, i, has ? strings[i] : null);
                default -> out.putLong(0);
            }
        }
        if (++stamp == 0) { // wrapped: no slot may look current
            Arrays.fill(stamps, 0);
            stamp = 1;
        }
        calls = 0;
    }

    /**
     * The constants start over: the recent strings' ids are gone. Called by the sink with the
     * chunk, not checked per event: a branch the per-event code first takes a second into a
     * flood would send C2's code for it back to the interpreter.
     */
    void newChunk() {
        Arrays.fill(recentStrings, NO_STRING);
    }

    /** The recent strings are compared first, by reference: the common case reads no String. */
    private void putString(ChunkBuffer out, ConstantPools pools, int slot, String s) {
        int r = 2 * slot;
        if (recentStrings[r] == s) {
            out.putStringConstant(recentIds[r]);
        } else if (recentStrings[r + 1] == s) {
            out.putStringConstant(recentIds[r + 1]);
        } else if (s == null || s.isEmpty()) {
            out.putByte(s == null ? ChunkBuffer.STRING_NULL : ChunkBuffer.STRING_EMPTY);
        } else {
            long id = pools.stringId(s);
            recentStrings[r + 1] = recentStrings[r];
            recentIds[r + 1] = recentIds[r];
            recentStrings[r] = s;
            recentIds[r] = id;
            out.putStringConstant(id);
        }
    }
}
