package io.netjfr.settings;

import jdk.jfr.SettingControl;

/**
 * A netjfr setting's value as JFR sees it. Only for JFR's view: AgentSettings combines the
 * recordings' own settings for the kernel, because JFR's cached combine hands a control
 * null at times (kept out here).
 */
abstract class TextSetting extends SettingControl {
    private volatile String value;

    TextSetting(String initial) {
        value = initial;
    }

    @Override
    public void setValue(String value) {
        if (value != null) {
            this.value = value;
        }
    }

    @Override
    public String getValue() {
        return value;
    }
}
