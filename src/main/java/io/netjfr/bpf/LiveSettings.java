package io.netjfr.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * struct live_settings (bpf/netjfr.h): what the consumer's recordings want now, applied in
 * the kernel before a record is reserved and changed while the programs run: event types
 * no record is wanted of, the latency under which a server's response costs no record, and
 * a throttle per event type. Offsets checked against the BTF by RecordLayoutTest.
 *
 * @param responseThresholdNanos a response a server writes sooner after its request is no
 *        record; 0: every one
 * @param unwanted event types no record is wanted of
 * @param throttles records per second by event type; absent or 0: no limit
 * @param summarize count every HTTP exchange in the summaries map (direct mode)
 */
public record LiveSettings(long responseThresholdNanos, Set<Event> unwanted, Map<Event, Integer> throttles,
        boolean summarize) {
    /** Every record, no summaries: what the kernel does without settings. */
    public static final LiveSettings ALL = new LiveSettings(0, Set.of(), Map.of(), false);

    public static final int RESPONSE_THRESHOLD_NS = 0;
    public static final int UNWANTED = 8;
    public static final int THROTTLE = 12;
    public static final int SUMMARIZE = 28;
    public static final int WINDOW = 32;
    public static final int USED = 64;
    public static final int SIZE = 80;

    /** enum settings_event: the event types the settings govern one by one. */
    public enum Event {
        ICMP, HTTP_REQUEST, HTTP_RESPONSE, TLS;

        /** Its index in the kernel's arrays and its bit in unwanted. */
        public int index() {
            return ordinal();
        }
    }

    public LiveSettings {
        if (responseThresholdNanos < 0) {
            throw new IllegalArgumentException("invalid threshold " + responseThresholdNanos + " ns");
        }
        unwanted = Collections.unmodifiableSet(unwanted.isEmpty() ? EnumSet.noneOf(Event.class) : EnumSet.copyOf(unwanted));
        Map<Event, Integer> t = new EnumMap<>(Event.class);
        throttles.forEach((e, perSecond) -> {
            if (perSecond < 0) {
                throw new IllegalArgumentException("invalid throttle " + perSecond + "/s");
            }
            if (perSecond > 0) {
                t.put(e, perSecond);
            }
        });
        throttles = Collections.unmodifiableMap(t);
    }

    /** Records per second of {@code event}; 0: no limit. */
    public int throttle(Event event) {
        return throttles.getOrDefault(event, 0);
    }

    /** The struct as the kernel reads it; the throttles' windows start afresh. */
    public byte[] bytes() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(RESPONSE_THRESHOLD_NS, responseThresholdNanos);
        int mask = 0;
        for (Event e : unwanted) {
            mask |= 1 << e.index();
        }
        b.putInt(UNWANTED, mask);
        throttles.forEach((e, perSecond) -> b.putInt(THROTTLE + 4 * e.index(), perSecond));
        b.putInt(SUMMARIZE, summarize ? 1 : 0);
        return b.array();
    }
}
