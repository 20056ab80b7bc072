package io.netjfr.bpf;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * struct live_settings (bpf/netjfr.h): what the consumer's recordings want now, applied in
 * the kernel before a record is reserved and changed while the programs run: event types
 * no record is wanted of, filters by host and port, the latency under which a server's
 * response costs no record, a throttle per event type, and what the summaries count.
 * Offsets checked against the BTF by RecordLayoutTest.
 *
 * @param responseThresholdNanos a response a server writes sooner after its request is no
 *        record; 0: every one
 * @param unwanted event types no record is wanted of
 * @param throttles records per second by event type; absent or 0: no limit
 * @param summaries what the kernel counts whether or not it makes a record of it
 * @param filters the connections or packets records are wanted of, by event type; absent: all
 */
public record LiveSettings(long responseThresholdNanos, Set<Event> unwanted, Map<Event, Integer> throttles,
        Set<Summary> summaries, Map<Event, Filter> filters) {
    /** Every record, no summaries: what the kernel does without settings. */
    public static final LiveSettings ALL = new LiveSettings(0, Set.of(), Map.of(), Set.of(), Map.of());

    public static final int RESPONSE_THRESHOLD_NS = 0;
    public static final int UNWANTED = 8;
    public static final int THROTTLE = 12;
    public static final int SUMMARIZE = 28;
    public static final int WINDOW = 32;
    public static final int USED = 64;
    public static final int FILTER = 80;
    public static final int SIZE = FILTER + Filter.SIZE * 4;

    /** enum settings_event: the event types the settings govern one by one. */
    public enum Event {
        ICMP, HTTP_REQUEST, HTTP_RESPONSE, TLS;

        /** Its index in the kernel's arrays and its bit in unwanted. */
        public int index() {
            return ordinal();
        }
    }

    /** enum summary_kind: one bit each in live_settings.summarize. */
    public enum Summary {
        HTTP, ICMP, TLS;

        public int bit() {
            return 1 << ordinal();
        }
    }

    /**
     * struct live_filter: records only of connections or packets to one of {@code hosts}
     * (the remote end) and with one of {@code ports} (either end's); empty: any.
     */
    public record Filter(List<InetAddress> hosts, List<Integer> ports) {
        /** FILTER_HOSTS, FILTER_PORTS */
        public static final int MAX_HOSTS = 8;
        public static final int MAX_PORTS = 8;
        public static final Filter ANY = new Filter(List.of(), List.of());
        public static final int HOSTS = 0;
        public static final int PORTS = 1;
        public static final int PORT = 2;
        public static final int HOST = 24;
        public static final int SIZE = HOST + 16 * MAX_HOSTS;

        public Filter {
            hosts = List.copyOf(hosts);
            ports = List.copyOf(ports);
            if (hosts.size() > MAX_HOSTS) {
                throw new IllegalArgumentException("at most " + MAX_HOSTS + " host addresses, got " + hosts.size());
            }
            if (ports.size() > MAX_PORTS) {
                throw new IllegalArgumentException("at most " + MAX_PORTS + " ports, got " + ports.size());
            }
            for (int p : ports) {
                if (p < 1 || p > 65535) {
                    throw new IllegalArgumentException("invalid port " + p + " (expected 1-65535)");
                }
            }
        }

        public boolean any() {
            return hosts.isEmpty() && ports.isEmpty();
        }

        /** An address as the kernel compares it: 16 bytes, IPv4 as ::ffff:a.b.c.d. */
        static byte[] mapped(InetAddress a) {
            byte[] b = a.getAddress();
            if (!(a instanceof Inet4Address)) {
                return b;
            }
            byte[] m = new byte[16];
            m[10] = (byte) 0xff;
            m[11] = (byte) 0xff;
            System.arraycopy(b, 0, m, 12, 4);
            return m;
        }

        void write(ByteBuffer b, int at) {
            b.put(at + HOSTS, (byte) hosts.size());
            b.put(at + PORTS, (byte) ports.size());
            for (int i = 0; i < ports.size(); i++) {
                b.putShort(at + PORT + 2 * i, (short) (int) ports.get(i));
            }
            for (int i = 0; i < hosts.size(); i++) {
                b.put(at + HOST + 16 * i, mapped(hosts.get(i)));
            }
        }
    }

    public LiveSettings {
        if (responseThresholdNanos < 0) {
            throw new IllegalArgumentException("invalid threshold " + responseThresholdNanos + " ns");
        }
        unwanted = Collections.unmodifiableSet(unwanted.isEmpty() ? EnumSet.noneOf(Event.class) : EnumSet.copyOf(unwanted));
        summaries = Collections.unmodifiableSet(summaries.isEmpty() ? EnumSet.noneOf(Summary.class)
                : EnumSet.copyOf(summaries));
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
        Map<Event, Filter> f = new EnumMap<>(Event.class);
        filters.forEach((e, filter) -> {
            if (!filter.any()) {
                f.put(e, filter);
            }
        });
        filters = Collections.unmodifiableMap(f);
    }

    /** Records per second of {@code event}; 0: no limit. */
    public int throttle(Event event) {
        return throttles.getOrDefault(event, 0);
    }

    /** The filter of {@code event}'s records. */
    public Filter filter(Event event) {
        return filters.getOrDefault(event, Filter.ANY);
    }

    /** The same settings with these summaries. */
    public LiveSettings withSummaries(Set<Summary> summaries) {
        return new LiveSettings(responseThresholdNanos, unwanted, throttles, summaries, filters);
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
        int summarize = 0;
        for (Summary s : summaries) {
            summarize |= s.bit();
        }
        b.putInt(SUMMARIZE, summarize);
        filters.forEach((e, f) -> f.write(b, FILTER + Filter.SIZE * e.index()));
        return b.array();
    }
}
