package io.netjfr.event;

import io.netjfr.settings.FilterSetting;

import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;

/** An event with the {@code ports} setting besides {@code hosts}: one setting method per class (HostFilteredEvent). */
abstract class PortFilteredEvent extends HostFilteredEvent {
    /** Enforced in the kernel (io.netjfr.settings.AgentSettings): what reaches the commit passes. */
    @SettingDefinition
    @Name("ports")
    @Label("Ports")
    protected boolean ports(FilterSetting.Ports control) {
        return true;
    }
}
