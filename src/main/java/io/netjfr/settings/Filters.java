package io.netjfr.settings;

import io.netjfr.bpf.LiveSettings.Filter;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code hosts} and {@code ports} values of netjfr's events ("127.0.0.1,::1",
 * "8080,8443", "*") as kernel filters, and how recordings' filters combine.
 */
public final class Filters {
    private Filters() {
    }

    static boolean isAll(String value) {
        String v = value.strip();
        return v.isEmpty() || v.equals(FilterSetting.ALL);
    }

    /** A filter of these values (null: all); throws IllegalArgumentException naming what is wrong. */
    public static Filter parse(String hosts, String ports) {
        return new Filter(hosts(hosts), ports(ports));
    }

    /** "8080,8443" to ports; "*" or "" to none (all). */
    public static List<Integer> ports(String value) {
        List<Integer> ports = new ArrayList<>();
        if (value == null || isAll(value)) {
            return ports;
        }
        Set<Integer> distinct = new LinkedHashSet<>();
        for (String item : value.split(",")) {
            try {
                int p = Integer.parseInt(item.strip());
                if (p < 1 || p > 65535) {
                    throw new NumberFormatException();
                }
                distinct.add(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid port " + item.strip() + " (expected 1-65535)");
            }
        }
        if (distinct.size() > Filter.MAX_PORTS) {
            throw new IllegalArgumentException("at most " + Filter.MAX_PORTS + " ports, got " + distinct.size()
                    + " ('" + value + "')");
        }
        ports.addAll(distinct);
        return ports;
    }

    /** "127.0.0.1,::1,example.org" to addresses (a name: each of its addresses); "*" or "" to none (all). */
    public static List<InetAddress> hosts(String value) {
        List<InetAddress> hosts = new ArrayList<>();
        if (value == null || isAll(value)) {
            return hosts;
        }
        Set<InetAddress> distinct = new LinkedHashSet<>();
        for (String item : value.split(",")) {
            String h = item.strip();
            if (h.startsWith("[") && h.endsWith("]")) {
                h = h.substring(1, h.length() - 1);
            }
            try {
                distinct.addAll(List.of(InetAddress.getAllByName(h)));
            } catch (UnknownHostException | SecurityException e) {
                throw new IllegalArgumentException("unknown host '" + h + "'");
            }
        }
        if (distinct.size() > Filter.MAX_HOSTS) {
            throw new IllegalArgumentException("at most " + Filter.MAX_HOSTS + " host addresses, got "
                    + distinct.size() + " ('" + value + "')");
        }
        hosts.addAll(distinct);
        return hosts;
    }

    /**
     * Recordings' filters of one event type together: any host when one of them takes any,
     * else the union of their hosts; the same for ports. A union over the limit is any: each
     * recording still gets at least what it asked for.
     */
    public static Filter union(List<Filter> filters) {
        Set<InetAddress> hosts = new LinkedHashSet<>();
        Set<Integer> ports = new LinkedHashSet<>();
        boolean anyHost = filters.isEmpty();
        boolean anyPort = filters.isEmpty();
        for (Filter f : filters) {
            anyHost |= f.hosts().isEmpty();
            anyPort |= f.ports().isEmpty();
            hosts.addAll(f.hosts());
            ports.addAll(f.ports());
        }
        return new Filter(anyHost || hosts.size() > Filter.MAX_HOSTS ? List.of() : List.copyOf(hosts),
                anyPort || ports.size() > Filter.MAX_PORTS ? List.of() : List.copyOf(ports));
    }
}
