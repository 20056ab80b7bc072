package io.netjfr.settings;

import io.netjfr.bpf.LiveSettings;
import io.netjfr.event.HttpRequestEvent;
import io.netjfr.event.HttpResponseEvent;
import io.netjfr.event.IcmpPacketEvent;
import io.netjfr.event.NetjfrEvents;
import io.netjfr.event.TlsClientHelloEvent;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Which of the event types the kernel settings govern some running recording of this JVM enables. */
public final class EnabledEvents {
    private static final Map<Class<? extends Event>, LiveSettings.Event> EVENTS = Map.of(
            IcmpPacketEvent.class, LiveSettings.Event.ICMP,
            HttpRequestEvent.class, LiveSettings.Event.HTTP_REQUEST,
            HttpResponseEvent.class, LiveSettings.Event.HTTP_RESPONSE,
            TlsClientHelloEvent.class, LiveSettings.Event.TLS);

    private EnabledEvents() {
    }

    public static Set<LiveSettings.Event> now() {
        Set<LiveSettings.Event> enabled = EnumSet.noneOf(LiveSettings.Event.class);
        for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
            if (r.getState() != RecordingState.RUNNING) {
                continue;
            }
            Map<String, String> settings = r.getSettings();
            EVENTS.forEach((eventClass, event) -> {
                if ("true".equals(settings.get(NetjfrEvents.name(eventClass) + "#enabled"))) {
                    enabled.add(event);
                }
            });
        }
        return enabled;
    }
}
