package io.netjfr.settings;

import io.netjfr.bpf.LiveSettings;
import io.netjfr.bpf.RecordSource;
import io.netjfr.event.HttpRequestEvent;
import io.netjfr.event.HttpResponseEvent;
import io.netjfr.event.HttpSummaryEvent;
import io.netjfr.event.IcmpPacketEvent;
import io.netjfr.event.IcmpSummaryEvent;
import io.netjfr.event.NetjfrEvents;
import io.netjfr.event.TlsClientHelloEvent;
import io.netjfr.event.TlsSummaryEvent;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The agent's settings in the kernel: the running recordings' own settings of netjfr's
 * events (enabled, throttle, latencyThreshold, hosts, ports, and which summaries are on), combined as the setting controls combine
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
    private static final Map<Class<? extends Event>, LiveSettings.Summary> SUMMARIES = Map.of(
            HttpSummaryEvent.class, LiveSettings.Summary.HTTP,
            IcmpSummaryEvent.class, LiveSettings.Summary.ICMP,
            TlsSummaryEvent.class, LiveSettings.Summary.TLS);

    private volatile long thresholdNanos;
    private RecordSource source;
    private LiveSettings applied;
    private String lastError;
    /** The settings' problem lines said at the last change: each is said once while it lasts. */
    private Set<String> problemsSaid = Set.of();

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
        Map<String, Set<String>> unfiltered = new LinkedHashMap<>();
        LiveSettings s = fromRecordings(unfiltered);
        Set<String> problems = problemLines(unfiltered);
        problems.stream().filter(p -> !problemsSaid.contains(p)).forEach(System.err::println);
        problemsSaid = problems;
        thresholdNanos = s.responseThresholdNanos();
        if (source == null || s.equals(applied)) {
            return;
        }
        try {
            source.apply(s);
            applied = s;
            lastError = null;
        } catch (RuntimeException e) {
            report("netjfr: settings not applied, recording every event: " + e.getMessage());
        }
    }

    /**
     * One line per cause, naming every event type it concerns (a template's filter controls
     * set the same value on each of them).
     */
    private static Set<String> problemLines(Map<String, Set<String>> unfilteredEventsByCause) {
        Set<String> lines = new LinkedHashSet<>();
        unfilteredEventsByCause.forEach((cause, events) -> lines.add("netjfr: " + String.join(", ", events)
                + " not filtered by host or port: " + cause));
        return lines;
    }

    /** A failure to apply the settings, said once (not at every recording change). */
    private void report(String message) {
        if (!message.equals(lastError)) {
            System.err.println(message);
            lastError = message;
        }
    }

    /**
     * Summaries are counted while a recording enables them. A filter value that cannot be
     * used is a problem (its cause -> the event types it concerns), and that recording's filter
     * is all: nothing is lost to a typo.
     */
    private static LiveSettings fromRecordings(Map<String, Set<String>> unfiltered) {
        Set<LiveSettings.Event> enabled = EnumSet.noneOf(LiveSettings.Event.class);
        Map<LiveSettings.Event, Set<String>> throttles = new EnumMap<>(LiveSettings.Event.class);
        Map<LiveSettings.Event, List<LiveSettings.Filter>> filters = new EnumMap<>(LiveSettings.Event.class);
        Set<String> thresholds = new HashSet<>();
        Set<LiveSettings.Summary> summaries = EnumSet.noneOf(LiveSettings.Summary.class);
        for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
            if (r.getState() != RecordingState.RUNNING) {
                continue;
            }
            Map<String, String> settings = r.getSettings();
            SUMMARIES.forEach((eventClass, summary) -> {
                if ("true".equals(settings.get(NetjfrEvents.name(eventClass) + "#enabled"))) {
                    summaries.add(summary);
                }
            });
            EVENTS.forEach((eventClass, event) -> {
                String name = NetjfrEvents.name(eventClass);
                if ("true".equals(settings.get(name + "#enabled"))) {
                    enabled.add(event);
                    throttles.computeIfAbsent(event, e -> new HashSet<>())
                            .add(settings.getOrDefault(name + "#throttle", "off"));
                    filters.computeIfAbsent(event, e -> new ArrayList<>()).add(filter(name, settings, unfiltered));
                    if (event == LiveSettings.Event.HTTP_RESPONSE) {
                        thresholds.add(settings.getOrDefault(THRESHOLD, "0 ns"));
                    }
                }
            });
        }
        Map<LiveSettings.Event, Long> perSecond = new EnumMap<>(LiveSettings.Event.class);
        throttles.forEach((e, values) -> perSecond.put(e, ThrottleSetting.parse(ThrottleSetting.highest(values))));
        Map<LiveSettings.Event, LiveSettings.Filter> combined = new EnumMap<>(LiveSettings.Event.class);
        filters.forEach((e, f) -> combined.put(e, Filters.union(f)));
        return settings(LatencyThresholdSetting.parse(LatencyThresholdSetting.lowest(thresholds)), perSecond, enabled,
                summaries, combined);
    }

    /** A recording's hosts and ports of one event; all when they cannot be used (the cause kept in {@code unfiltered}). */
    private static LiveSettings.Filter filter(String event, Map<String, String> settings,
            Map<String, Set<String>> unfiltered) {
        try {
            return Filters.parse(settings.get(event + "#hosts"), settings.get(event + "#ports"));
        } catch (IllegalArgumentException e) {
            unfiltered.computeIfAbsent(e.getMessage(), k -> new TreeSet<>()).add(event);
            return LiveSettings.Filter.ANY;
        }
    }

    /**
     * Requests are recorded for their own events, and a client's also to time the response
     * it reads: while only responses are wanted, they go at the responses' rate.
     */
    static LiveSettings settings(long thresholdNanos, Map<LiveSettings.Event, Long> perSecond,
            Set<LiveSettings.Event> enabled, Set<LiveSettings.Summary> summaries,
            Map<LiveSettings.Event, LiveSettings.Filter> filters) {
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
        Map<LiveSettings.Event, LiveSettings.Filter> kept = new EnumMap<>(filters);
        if (!enabled.contains(LiveSettings.Event.HTTP_REQUEST) && enabled.contains(LiveSettings.Event.HTTP_RESPONSE)) {
            unwanted.remove(LiveSettings.Event.HTTP_REQUEST);
            Integer responses = limits.get(LiveSettings.Event.HTTP_RESPONSE);
            if (responses != null) {
                limits.put(LiveSettings.Event.HTTP_REQUEST, responses);
            }
            kept.put(LiveSettings.Event.HTTP_REQUEST, kept.getOrDefault(LiveSettings.Event.HTTP_RESPONSE,
                    LiveSettings.Filter.ANY));
        }
        return new LiveSettings(enabled.contains(LiveSettings.Event.HTTP_RESPONSE) ? thresholdNanos : 0, unwanted,
                limits, summaries, kept);
    }
}
