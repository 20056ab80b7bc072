package io.netjfr.settings;

import io.netjfr.bpf.LiveSettings;
import jdk.jfr.SettingControl;

import java.util.Set;

/**
 * A netjfr event's {@code throttle} ("150/s", "off"): at most that many events per second,
 * enforced in the kernel before a ring record exists (JDK 17 has no throttle for Java
 * events). Concurrent recordings combine to the highest rate ("off" above all), so each
 * gets at least what it asked for. One subclass per event type: JFR makes an instance per
 * event and tells it only the value.
 */
public abstract class ThrottleSetting extends SettingControl {
    private static final String OFF = "off";
    private final LiveSettings.Event event;
    private volatile String value = OFF;

    ThrottleSetting(LiveSettings.Event event) {
        this.event = event;
    }

    @Override
    public String combine(Set<String> values) {
        String highest = null;
        long highestRate = -1;
        for (String v : values) {
            long rate = parse(v);
            if (rate > highestRate) {
                highest = v;
                highestRate = rate;
            }
        }
        return highest == null ? OFF : highest;
    }

    @Override
    public void setValue(String value) {
        this.value = value;
        AgentSettings.INSTANCE.throttle(event, parse(value));
    }

    @Override
    public String getValue() {
        return value;
    }

    /** A value JFR cannot read counts as no limit: nothing is lost to a typo. */
    private static long parse(String v) {
        try {
            return SettingValues.perSecond(v);
        } catch (IllegalArgumentException e) {
            return SettingValues.UNLIMITED;
        }
    }

    public static final class Icmp extends ThrottleSetting {
        public Icmp() {
            super(LiveSettings.Event.ICMP);
        }
    }

    public static final class HttpRequest extends ThrottleSetting {
        public HttpRequest() {
            super(LiveSettings.Event.HTTP_REQUEST);
        }
    }

    public static final class HttpResponse extends ThrottleSetting {
        public HttpResponse() {
            super(LiveSettings.Event.HTTP_RESPONSE);
        }
    }

    public static final class TlsClientHello extends ThrottleSetting {
        public TlsClientHello() {
            super(LiveSettings.Event.TLS);
        }
    }
}
