package io.netjfr.settings;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.MetadataDefinition;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

import java.util.Set;

/**
 * netjfr.HttpResponse's {@code latencyThreshold}: only exchanges at least this slow become
 * events. JFR's own {@code threshold} is about an event's duration, which a packet event
 * committed after the fact does not have. Concurrent recordings combine to the lowest
 * value, so each gets at least what it asked for. A server's responses under it cost no
 * ring record (the kernel knows their latency); a client's are dropped before the commit.
 */
@MetadataDefinition
@Name("netjfr.settings.LatencyThreshold")
@Label("Latency Threshold")
@Description("Record only exchanges whose response took at least this long")
@Timespan
public final class LatencyThresholdSetting extends TextSetting {
    private static final String NONE = "0 ns";

    public LatencyThresholdSetting() {
        super(NONE);
    }

    @Override
    public String combine(Set<String> values) {
        return lowest(values);
    }

    /** The lowest of the values; "0 ns" for none. */
    static String lowest(Set<String> values) {
        return SettingValues.first(values, NONE, -Long.MAX_VALUE, v -> -parse(v)); // lowest parse: highest rank
    }

    /** An exchange that took {@code latencyNanos} (negative: unknown, kept) is recorded. */
    public boolean accepts(long latencyNanos) {
        return LatencyFilter.passes(latencyNanos, AgentSettings.INSTANCE.thresholdNanos());
    }

    /** A value JFR cannot read counts as no threshold: nothing is lost to a typo. */
    static long parse(String v) {
        try {
            return SettingValues.nanos(v);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }
}
