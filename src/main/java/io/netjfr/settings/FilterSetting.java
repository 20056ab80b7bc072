package io.netjfr.settings;

import java.util.Set;
import java.util.TreeSet;

/**
 * A netjfr event's {@code hosts} or {@code ports}: records only of connections (packets) to
 * these hosts or with these ports, enforced in the kernel before a ring record exists. A
 * comma-separated list; "" or "*": all. Concurrent recordings combine to the union ("*"
 * above all), so each gets at least what it asked for (AgentSettings combines the
 * recordings' own values the same way for the kernel).
 */
public abstract class FilterSetting extends TextSetting {
    static final String ALL = "*";

    FilterSetting() {
        super(ALL);
    }

    @Override
    public String combine(Set<String> values) {
        Set<String> union = new TreeSet<>();
        for (String v : values) {
            if (v == null || Filters.isAll(v)) {
                return ALL;
            }
            for (String item : v.split(",")) {
                union.add(item.strip());
            }
        }
        return union.isEmpty() ? ALL : String.join(",", union);
    }

    /** {@code hosts}: addresses or names (resolved when a recording starts), IPv4 or IPv6. */
    public static final class Hosts extends FilterSetting {
    }

    /** {@code ports}: TCP ports, either end's (as record's {@code --port}). */
    public static final class Ports extends FilterSetting {
    }
}
