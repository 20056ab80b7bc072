package io.netjfr.event;

import io.netjfr.settings.FilterSetting;

import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;

/**
 * An event with the {@code hosts} setting. A class of its own because JFR matches an event
 * class's setting methods to its controls reliably only with one such method per class
 * (see TimedExchangeEvent).
 */
abstract class HostFilteredEvent extends ProcessContextEvent {
    /** Enforced in the kernel (io.netjfr.settings.AgentSettings): what reaches the commit passes. */
    @SettingDefinition
    @Name("hosts")
    @Label("Hosts")
    protected boolean hosts(FilterSetting.Hosts control) {
        return true;
    }
}
