package io.netjfr.settings;

import io.netjfr.bpf.LiveSettings;
import io.netjfr.bpf.RecordSource;
import io.netjfr.event.HttpRequestEvent;
import io.netjfr.event.HttpResponseEvent;
import io.netjfr.event.HttpSummaryEvent;
import io.netjfr.event.IcmpPacketEvent;
import io.netjfr.event.NetjfrEvents;
import io.netjfr.event.TlsClientHelloEvent;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The agent's settings in the kernel: the running recordings' own settings of netjfr's
 * events (enabled, throttle, latencyThreshold), combined as the setting controls combine
 * them (each recording gets at least what it asked for), turned into {@link LiveSettings}
 * and written into the record source in use whenever recordings start or stop: live,
 * without reloading programs. Never throws into JFR or the application: a failure is one
 * stderr line.
 */
public final class AgentSettings {
    public static final AgentSettings INSTANCE = new AgentSettings();
    private static final Map<Class<? extends Event>, LiveSettings.Event> EVENTS = Map.of(
            IcmpPacketEvent.class, LiveSettings.Event.ICMP,
            HttpRequestEvent.class, LiveSettings.Event.HTTP_REQUEST,
            HttpResponseEvent.class, LiveSettings.Event.HTTP_RESPONSE,
            TlsClientHelloEvent.class, LiveSettings.Event.TLS);
    private static final String THRESHOLD = NetjfrEvents.name(HttpResponseEvent.class) + "#latencyThreshold";
    private static final String SUMMARY = NetjfrEvents.name(HttpSummaryEvent.class) + "#enabled";

    private volatile long thresholdNanos;
    private RecordSource source;
    private LiveSettings applied;
    private String lastError;

    private AgentSettings() {
    }

    /** The latency threshold of HTTP exchanges now in force (0: none). */
    public long thresholdNanos() {
        return thresholdNanos;
    }

    /** The recordings changed: records come from {@code source} now (null: none); tells it what they want. */
    public synchronized void follow(RecordSource source) {
        if (source != this.source) {
            applied = null;
        }
        this.source = source;
        LiveSettings s = fromRecordings();
        thresholdNanos = s.responseThresholdNanos();
        if (source == null || s.equals(applied)) {
            return;
        }
        try {
            source.apply(s);
            applied = s;
            lastError = null;
        } catch (RuntimeException e) {
            String message = "netjfr: settings not applied, recording every event: " + e.getMessage();
            if (!message.equals(lastError)) {
                System.err.println(message);
                lastError = message;
            }
        }
    }

    /**
     * Summaries are counted in the kernel while a recording enables netjfr.HttpSummary;
     * they need the direct engine (a daemon's client could not read their map).
     */
    private static LiveSettings fromRecordings() {
        Set<LiveSettings.Event> enabled = EnumSet.noneOf(LiveSettings.Event.class);
        Map<LiveSettings.Event, Set<String>> throttles = new EnumMap<>(LiveSettings.Event.class);
        Set<String> thresholds = new HashSet<>();
        boolean summarize = false;
        for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
            if (r.getState() != RecordingState.RUNNING) {
                continue;
            }
            Map<String, String> settings = r.getSettings();
            summarize |= "true".equals(settings.get(SUMMARY));
            EVENTS.forEach((eventClass, event) -> {
                String name = NetjfrEvents.name(eventClass);
                if ("true".equals(settings.get(name + "#enabled"))) {
                    enabled.add(event);
                    throttles.computeIfAbsent(event, e -> new HashSet<>())
                            .add(settings.getOrDefault(name + "#throttle", "off"));
                    if (event == LiveSettings.Event.HTTP_RESPONSE) {
                        thresholds.add(settings.getOrDefault(THRESHOLD, "0 ns"));
                    }
                }
            });
        }
        Map<LiveSettings.Event, Long> perSecond = new EnumMap<>(LiveSettings.Event.class);
        throttles.forEach((e, values) -> perSecond.put(e, ThrottleSetting.parse(ThrottleSetting.highest(values))));
        return settings(LatencyThresholdSetting.parse(LatencyThresholdSetting.lowest(thresholds)), perSecond, enabled,
                summarize);
    }

    /**
     * Requests are recorded for their own events, and a client's also to time the response
     * it reads: while only responses are wanted, they go at the responses' rate.
     */
    static LiveSettings settings(long thresholdNanos, Map<LiveSettings.Event, Long> perSecond,
            Set<LiveSettings.Event> enabled, boolean summarize) {
        Set<LiveSettings.Event> unwanted = EnumSet.allOf(LiveSettings.Event.class);
        unwanted.removeAll(enabled);
        Map<LiveSettings.Event, Integer> limits = new EnumMap<>(LiveSettings.Event.class);
        for (LiveSettings.Event e : enabled) {
            long rate = perSecond.getOrDefault(e, SettingValues.UNLIMITED);
            if (rate == 0) {
                unwanted.add(e); // "0/s": none at all
            } else if (rate < Integer.MAX_VALUE) {
                limits.put(e, (int) rate);
            }
        }
        if (!enabled.contains(LiveSettings.Event.HTTP_REQUEST) && enabled.contains(LiveSettings.Event.HTTP_RESPONSE)) {
            unwanted.remove(LiveSettings.Event.HTTP_REQUEST);
            Integer responses = limits.get(LiveSettings.Event.HTTP_RESPONSE);
            if (responses != null) {
                limits.put(LiveSettings.Event.HTTP_REQUEST, responses);
            }
        }
        return new LiveSettings(enabled.contains(LiveSettings.Event.HTTP_RESPONSE) ? thresholdNanos : 0, unwanted,
                limits, summarize);
    }
}
