package io.netjfr.event;

import io.netjfr.bpf.Hook;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Name;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every netjfr event class, and which kernel hook feeds which event. */
public final class NetjfrEvents {
    /**
     * Events committed from kernel records, with the hooks that produce them: a response
     * is written (http) or read (recv), and timed against a request seen by the other.
     */
    public static final Map<Class<? extends Event>, Set<Hook>> PACKET_EVENTS = Map.of(
            IcmpPacketEvent.class, EnumSet.of(Hook.ICMP),
            HttpRequestEvent.class, EnumSet.of(Hook.HTTP),
            HttpResponseEvent.class, EnumSet.of(Hook.HTTP, Hook.RECV),
            TlsClientHelloEvent.class, EnumSet.of(Hook.TLS));

    /** Periodic events counted by hooks in the kernel, with the hooks that count them. */
    public static final Map<Class<? extends Event>, Set<Hook>> SUMMARY_EVENTS = Map.of(
            HttpSummaryEvent.class, EnumSet.of(Hook.HTTP, Hook.RECV),
            IcmpSummaryEvent.class, EnumSet.of(Hook.ICMP),
            TlsSummaryEvent.class, EnumSet.of(Hook.TLS));

    private NetjfrEvents() {
    }

    /** Registers the packet events so recordings can enable them by name. */
    public static void registerPacketEvents() {
        PACKET_EVENTS.keySet().forEach(FlightRecorder::register);
    }

    /** The hooks that feed the events these settings enable ({@code netjfr.HttpRequest#enabled=true}). */
    public static Set<Hook> hooksEnabledBy(Map<String, String> settings) {
        Set<Hook> hooks = EnumSet.noneOf(Hook.class);
        for (Map<Class<? extends Event>, Set<Hook>> events : List.of(PACKET_EVENTS, SUMMARY_EVENTS)) {
            events.forEach((eventClass, fed) -> {
                if ("true".equals(settings.get(name(eventClass) + "#enabled"))) {
                    hooks.addAll(fed);
                }
            });
        }
        return hooks;
    }

    /** The JFR name of an event class ({@code netjfr.IcmpPacket}). */
    public static String name(Class<? extends Event> eventClass) {
        return eventClass.getAnnotation(Name.class).value();
    }
}
