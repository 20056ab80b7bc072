package io.netjfr.event;

import io.netjfr.bpf.Hook;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Name;

import java.util.List;
import java.util.Map;

/** Every netjfr event class, and which kernel hook feeds which event. */
public final class NetjfrEvents {
    /** Events committed from kernel records, by the hook that produces them. */
    public static final Map<Hook, Class<? extends Event>> PACKET_EVENTS = Map.of(
            Hook.ICMP, IcmpPacketEvent.class,
            Hook.HTTP, HttpRequestEvent.class);

    /** Periodic events; registered with their hooks by the agent. */
    public static final List<Class<? extends Event>> PERIODIC_EVENTS = List.of(
            StatisticsEvent.class, ChunkEndFlushEvent.class);

    private NetjfrEvents() {
    }

    /** Registers the packet events so recordings can enable them by name. */
    public static void registerPacketEvents() {
        PACKET_EVENTS.values().forEach(FlightRecorder::register);
    }

    /** The JFR name of an event class ({@code netjfr.IcmpPacket}). */
    public static String name(Class<? extends Event> eventClass) {
        return eventClass.getAnnotation(Name.class).value();
    }
}
