package io.netjfr.recordfile;

import org.openjdk.jmc.common.IMCThread;
import org.openjdk.jmc.common.item.IAccessorKey;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IType;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a recording the way JDK Mission Control does (JfrLoaderToolkit), one map of attributes per event. */
public final class JmcFile {
    private JmcFile() {
    }

    /** Each event of type {@code eventName}: attribute identifier -> JMC's value (IQuantity, String, IMCThread). */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> read(Path recording, String eventName) throws Exception {
        IItemCollection items = JfrLoaderToolkit.loadEvents(recording.toFile());
        List<Map<String, Object>> events = new ArrayList<>();
        for (IItemIterable iterable : items) {
            IType<IItem> type = iterable.getType();
            if (!type.getIdentifier().equals(eventName)) {
                continue;
            }
            for (IItem item : iterable) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (IAccessorKey<?> key : type.getAccessorKeys().keySet()) {
                    values.put(key.getIdentifier(), type.getAccessor((IAccessorKey<Object>) key).getMember(item));
                }
                events.add(values);
            }
        }
        return events;
    }

    /** The attribute labels JMC shows for an event type (identifier -> label). */
    public static Map<String, String> labels(Path recording, String eventName) throws Exception {
        for (IItemIterable iterable : JfrLoaderToolkit.loadEvents(recording.toFile())) {
            IType<IItem> type = iterable.getType();
            if (type.getIdentifier().equals(eventName)) {
                Map<String, String> labels = new LinkedHashMap<>();
                type.getAccessorKeys().forEach((k, d) -> labels.put(k.getIdentifier(), d.getName()));
                return labels;
            }
        }
        return Map.of();
    }

    public static long number(Map<String, Object> event, String field) {
        return ((IQuantity) event.get(field)).longValue();
    }

    public static long epochMillis(Map<String, Object> event, String field) {
        return ((IQuantity) event.get(field)).clampedLongValueIn(UnitLookup.EPOCH_MS);
    }

    public static long epochNanos(Map<String, Object> event, String field) {
        return ((IQuantity) event.get(field)).clampedLongValueIn(UnitLookup.EPOCH_NS);
    }

    public static String threadName(Map<String, Object> event, String field) {
        IMCThread t = (IMCThread) event.get(field);
        return t == null ? null : t.getThreadName();
    }
}
