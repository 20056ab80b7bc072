package io.netjfr.event;

import io.netjfr.settings.LatencyThresholdSetting;

import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;

/**
 * An event that ends an exchange of known latency, with the {@code latencyThreshold}
 * setting. A class of its own because JFR matches an event class's setting methods to its
 * controls in an order that is only reliable with one such method per class (JDK 17 and 25:
 * two in one class may be handed each other's controls).
 */
abstract class TimedExchangeEvent extends ConnectionEvent {
    /** The exchange's latency in nanoseconds; negative: unknown. */
    protected abstract long latencyNanos();

    /** A server's faster responses are dropped in the kernel; a client's here, before the commit. */
    @SettingDefinition
    @Name("latencyThreshold")
    @Label("Latency Threshold")
    protected boolean latencyThreshold(LatencyThresholdSetting control) {
        return control.accepts(latencyNanos());
    }
}
