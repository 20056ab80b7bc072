package io.netjfr.settings;

import io.netjfr.bpf.LiveSettings;
import io.netjfr.bpf.RecordSource;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The agent's settings as JFR combined them over its running recordings (the setting
 * controls report here), turned into what the kernel applies ({@link LiveSettings}) and
 * written into the record source in use whenever they change: live, without reloading
 * programs. Never throws into JFR or the application: a failure is one stderr line.
 */
public final class AgentSettings {
    public static final AgentSettings INSTANCE = new AgentSettings();

    private final Map<LiveSettings.Event, Long> perSecond = new EnumMap<>(LiveSettings.Event.class);
    private long thresholdNanos;
    private Set<LiveSettings.Event> enabled = EnumSet.allOf(LiveSettings.Event.class);
    private RecordSource source;
    private LiveSettings applied;
    private String lastError;

    private AgentSettings() {
    }

    synchronized void threshold(long nanos) {
        thresholdNanos = nanos;
        push();
    }

    synchronized void throttle(LiveSettings.Event event, long eventsPerSecond) {
        perSecond.put(event, eventsPerSecond);
        push();
    }

    /**
     * The recordings changed: {@code source} is where records come from now (null: none),
     * and {@code enabled} the event types some running recording enables.
     */
    public synchronized void follow(RecordSource source, Set<LiveSettings.Event> enabled) {
        if (source != this.source) {
            applied = null;
        }
        this.source = source;
        this.enabled = enabled.isEmpty() ? EnumSet.noneOf(LiveSettings.Event.class) : EnumSet.copyOf(enabled);
        push();
    }

    /** What the kernel is told now. */
    public synchronized LiveSettings current() {
        return settings(thresholdNanos, perSecond, enabled);
    }

    /**
     * Requests are recorded for their own events, and a client's also to time the response
     * it reads: while only responses are wanted, they go at the responses' rate.
     */
    static LiveSettings settings(long thresholdNanos, Map<LiveSettings.Event, Long> perSecond,
            Set<LiveSettings.Event> enabled) {
        Set<LiveSettings.Event> unwanted = EnumSet.allOf(LiveSettings.Event.class);
        unwanted.removeAll(enabled);
        Map<LiveSettings.Event, Integer> throttles = new EnumMap<>(LiveSettings.Event.class);
        for (LiveSettings.Event e : LiveSettings.Event.values()) {
            long rate = perSecond.getOrDefault(e, SettingValues.UNLIMITED);
            if (rate == 0) {
                unwanted.add(e); // "0/s": none at all
            } else if (rate < Integer.MAX_VALUE) {
                throttles.put(e, (int) rate);
            }
        }
        if (!enabled.contains(LiveSettings.Event.HTTP_REQUEST) && enabled.contains(LiveSettings.Event.HTTP_RESPONSE)) {
            unwanted.remove(LiveSettings.Event.HTTP_REQUEST);
            throttles.remove(LiveSettings.Event.HTTP_REQUEST);
            if (throttles.containsKey(LiveSettings.Event.HTTP_RESPONSE)) {
                throttles.put(LiveSettings.Event.HTTP_REQUEST, throttles.get(LiveSettings.Event.HTTP_RESPONSE));
            }
        }
        return new LiveSettings(enabled.contains(LiveSettings.Event.HTTP_RESPONSE) ? thresholdNanos : 0, unwanted,
                throttles);
    }

    private void push() {
        LiveSettings s = current();
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
}
