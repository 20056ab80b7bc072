package io.netjfr.settings;

import java.util.Set;

/**
 * A netjfr event's {@code throttle} ("150/s", "off"): at most that many events per second,
 * enforced in the kernel before a ring record exists (JDK 17 has no throttle for Java
 * events). Concurrent recordings combine to the highest rate ("off" above all), so each
 * gets at least what it asked for (AgentSettings combines the recordings' values the same
 * way for the kernel). One subclass per event type, so each event's setting has a type.
 */
public abstract class ThrottleSetting extends TextSetting {
    private static final String OFF = "off";

    ThrottleSetting() {
        super(OFF);
    }

    @Override
    public String combine(Set<String> values) {
        return highest(values);
    }

    /** The highest of the rates ("off" above all); "off" for none. */
    static String highest(Set<String> values) {
        return SettingValues.first(values, OFF, -1, ThrottleSetting::parse);
    }

    /** A value JFR cannot read counts as no limit: nothing is lost to a typo. */
    static long parse(String v) {
        try {
            return SettingValues.perSecond(v);
        } catch (IllegalArgumentException e) {
            return SettingValues.UNLIMITED;
        }
    }

    public static final class Icmp extends ThrottleSetting {
    }

    public static final class HttpRequest extends ThrottleSetting {
    }

    public static final class HttpResponse extends ThrottleSetting {
    }

    public static final class TlsClientHello extends ThrottleSetting {
    }
}
