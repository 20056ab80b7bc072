package io.netjfr.recordfile;

import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.MetadataDefinition;
import jdk.jfr.Name;
import jdk.jfr.Timespan;
import jdk.jfr.Timestamp;
import org.openjdk.jmc.flightrecorder.writer.api.AnnotatedElementBuilder;
import org.openjdk.jmc.flightrecorder.writer.api.Annotation;
import org.openjdk.jmc.flightrecorder.writer.api.Recording;
import org.openjdk.jmc.flightrecorder.writer.api.Type;
import org.openjdk.jmc.flightrecorder.writer.api.TypedFieldBuilder;
import org.openjdk.jmc.flightrecorder.writer.api.TypedValueBuilder;
import org.openjdk.jmc.flightrecorder.writer.api.Types;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers a jdk.jfr event class with JMC's writer as the JVM would describe it: the same
 * name, fields (JFR's implicit ones first, then the class's own, then its superclasses'),
 * field types, and the annotations that are metadata (labels, descriptions, units,
 * categories). One source of truth, the annotated event class; read by reflection only,
 * so JFR itself is never initialized in this process. JfrFileSinkTest compares the result
 * with jdk.jfr.EventType.
 */
final class EventTypes {
    /** Annotations the JVM turns into setting defaults instead of metadata. */
    private static final Set<String> SETTINGS = Set.of("jdk.jfr.Enabled", "jdk.jfr.StackTrace", "jdk.jfr.Period",
            "jdk.jfr.Threshold", "jdk.jfr.Cutoff", "jdk.jfr.Throttle", "jdk.jfr.Registered");

    private static final Map<Class<?>, Types.Predefined> FIELD_TYPES = Map.ofEntries(
            Map.entry(byte.class, Types.Builtin.BYTE), Map.entry(char.class, Types.Builtin.CHAR),
            Map.entry(short.class, Types.Builtin.SHORT), Map.entry(int.class, Types.Builtin.INT),
            Map.entry(long.class, Types.Builtin.LONG), Map.entry(float.class, Types.Builtin.FLOAT),
            Map.entry(double.class, Types.Builtin.DOUBLE), Map.entry(boolean.class, Types.Builtin.BOOLEAN),
            Map.entry(String.class, Types.Builtin.STRING), Map.entry(Thread.class, Types.JDK.THREAD),
            Map.entry(Class.class, Types.JDK.CLASS), Map.entry(StackTraceElement[].class, Types.JDK.STACK_TRACE));

    /** The fields the JVM gives every event ahead of its own, with the JDK's labels. */
    @SuppressWarnings("unused")
    private static final class Implicit {
        @Label("Start Time")
        @Timestamp(Timestamp.TICKS)
        long startTime;

        @Label("Duration")
        @Timespan(Timespan.TICKS)
        long duration;

        @Label("Event Thread")
        @Description("Thread in which event was committed in")
        Thread eventThread;

        @Label("Stack Trace")
        @Description("Stack Trace starting from the method the event was committed in")
        StackTraceElement[] stackTrace;
    }

    private EventTypes() {
    }

    /** The event's JFR name: its @Name, else the class name. */
    static String name(Class<? extends Event> eventClass) {
        Name name = eventClass.getAnnotation(Name.class);
        return name != null ? name.value() : eventClass.getName();
    }

    /** Registers {@code eventClass} in {@code recording}; registering it again returns the same type. */
    static Type register(Recording recording, Class<? extends Event> eventClass) {
        Types types = recording.getTypes();
        return recording.registerType(name(eventClass), "jdk.jfr.Event", type -> {
            for (Field f : fields(eventClass)) {
                TypedFieldBuilder field = types.fieldBuilder(fieldName(f), types.getType(FIELD_TYPES.get(f.getType())));
                annotate(types, field, f.getAnnotations());
                type.addField(field.build());
            }
            annotate(types, type, eventClass.getAnnotations());
        });
    }

    /** The fields of the event type, in the JVM's order: implicit, declared, inherited. */
    static List<Field> fields(Class<? extends Event> eventClass) {
        List<Field> fields = new ArrayList<>(Arrays.asList(Implicit.class.getDeclaredFields()));
        for (Class<?> c = eventClass; c != Event.class && c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (!Modifier.isStatic(m) && !Modifier.isTransient(m) && FIELD_TYPES.containsKey(f.getType())) {
                    fields.add(f);
                }
            }
        }
        return fields;
    }

    static String fieldName(Field f) {
        Name name = f.getAnnotation(Name.class);
        return name != null ? name.value() : f.getName();
    }

    /** Adds each metadata annotation with all its elements. */
    private static void annotate(Types types, AnnotatedElementBuilder<?> target,
            java.lang.annotation.Annotation[] annotations) {
        metadata(types, annotations).forEach(m -> m.addTo(target));
    }

    /** A metadata annotation and its type in the writer. */
    private record Meta(Type type, java.lang.annotation.Annotation annotation, List<Method> elements) {
        void addTo(AnnotatedElementBuilder<?> target) {
            if (elements.isEmpty()) {
                target.addAnnotation(type);
            } else {
                target.addAnnotation(type, values -> elements.forEach(m -> put(values, m, annotation)));
            }
        }
    }

    private static List<Meta> metadata(Types types, java.lang.annotation.Annotation[] annotations) {
        List<Meta> result = new ArrayList<>();
        for (java.lang.annotation.Annotation a : annotations) {
            Class<? extends java.lang.annotation.Annotation> kind = a.annotationType();
            if (kind.isAnnotationPresent(MetadataDefinition.class) && !SETTINGS.contains(kind.getName())) {
                result.add(new Meta(annotationType(types, kind), a, elements(kind)));
            }
        }
        return result;
    }

    /**
     * The writer's type for an annotation, with its elements as fields and its own metadata
     * annotations (the @ContentType, @Label of @DataAmount: how tools know it is a unit).
     * Those are registered first; the writer knows JFR's basic ones already.
     */
    private static Type annotationType(Types types, Class<? extends java.lang.annotation.Annotation> kind) {
        Type known = types.getType(kind.getName());
        if (known != null) {
            return known;
        }
        List<Method> elements = elements(kind);
        List<Meta> meta = metadata(types, kind.getAnnotations());
        return types.getOrAdd(kind.getName(), Annotation.ANNOTATION_SUPER_TYPE_NAME, t -> {
            for (Method m : elements) {
                Types.Builtin element = elementType(m);
                if (m.getReturnType().isArray()) {
                    t.addField(m.getName(), element, TypedFieldBuilder::asArray);
                } else {
                    t.addField(m.getName(), element);
                }
            }
            meta.forEach(m -> m.addTo(t));
        });
    }

    private static List<Method> elements(Class<? extends java.lang.annotation.Annotation> kind) {
        List<Method> elements = new ArrayList<>(Arrays.asList(kind.getDeclaredMethods()));
        elements.sort(Comparator.comparing(Method::getName));
        return elements;
    }

    private static Types.Builtin elementType(Method m) {
        Class<?> t = m.getReturnType().isArray() ? m.getReturnType().getComponentType() : m.getReturnType();
        Types.Predefined p = FIELD_TYPES.get(t);
        if (!(p instanceof Types.Builtin)) {
            throw new IllegalArgumentException("annotation element " + m + " has a type JFR metadata cannot hold");
        }
        return (Types.Builtin) p;
    }

    private static void put(TypedValueBuilder values, Method m, java.lang.annotation.Annotation a) {
        Object v;
        try {
            v = m.invoke(a);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + m + " of " + a, e);
        }
        String name = m.getName();
        if (v instanceof String[]) {
            values.putField(name, (String[]) v);
        } else if (v instanceof String) {
            values.putField(name, (String) v);
        } else if (v instanceof Boolean) {
            values.putField(name, (boolean) (Boolean) v);
        } else if (v instanceof Long) {
            values.putField(name, (long) (Long) v);
        } else if (v instanceof Integer) {
            values.putField(name, (int) (Integer) v);
        } else {
            throw new IllegalArgumentException("annotation element " + m + " has a type JFR metadata cannot hold");
        }
    }
}
