package io.netjfr.settings;

import io.netjfr.bpf.LiveSettings;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How concurrent recordings' values combine: each recording gets at least what it asked for. */
class CombineTest {
    private static Set<String> of(String... values) {
        return new LinkedHashSet<>(List.of(values));
    }

    @Test
    void lowestThreshold() {
        assertEquals("30 ms", LatencyThresholdSetting.lowest(of("100 ms", "30 ms", "1 s")));
        assertEquals("0 ns", LatencyThresholdSetting.lowest(of()));
        assertEquals("20 ms", LatencyThresholdSetting.lowest(of("20 ms", "20 ms")));
    }

    @Test
    void highestThrottle() {
        assertEquals("100/s", ThrottleSetting.highest(of("5/s", "100/s")));
        assertEquals("off", ThrottleSetting.highest(of("5/s", "off")));
        assertEquals("off", ThrottleSetting.highest(of()));
    }

    @Test
    void filtersCombineToTheUnion() {
        FilterSetting ports = new FilterSetting.Ports();
        assertEquals("443,80", ports.combine(of("80", "443, 80")));
        assertEquals("*", ports.combine(of("80", "*")), "a recording that takes every port");
        assertEquals("*", ports.combine(of("80", "")));
        assertEquals("*", ports.combine(of()));
    }

    @Test
    void kernelFiltersCombinePerDimension() throws Exception {
        LiveSettings.Filter hostOnly = Filters.parse("127.0.0.1", null);
        LiveSettings.Filter portOnly = Filters.parse(null, "8080");
        LiveSettings.Filter twoPorts = Filters.parse("*", "8080,9090");
        assertEquals(LiveSettings.Filter.ANY, Filters.union(List.of(hostOnly, portOnly)),
                "one takes every port, the other every host: each gets at least what it asked for");
        assertEquals(List.of(8080, 9090), Filters.union(List.of(portOnly, twoPorts)).ports());
        assertEquals(List.of(InetAddress.getByName("127.0.0.1")), Filters.union(List.of(hostOnly)).hosts());
        List<LiveSettings.Filter> many = new ArrayList<>();
        for (int p = 1; p <= 9; p++) {
            many.add(Filters.parse(null, Integer.toString(p)));
        }
        assertEquals(LiveSettings.Filter.ANY, Filters.union(many), "a union over the limit takes every port");
    }

    @Test
    void filterValuesAreBounded() {
        assertEquals(List.of(80, 443), Filters.ports(" 80, 443,80"));
        assertEquals(List.of(), Filters.ports("*"));
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> Filters.ports("1,2,3,4,5,6,7,8,9"));
        assertEquals("at most 8 ports, got 9 ('1,2,3,4,5,6,7,8,9')", tooMany.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Filters.ports("http"));
        assertThrows(IllegalArgumentException.class, () -> Filters.ports("70000"));
        assertEquals(2, Filters.hosts("127.0.0.1, [::1]").size());
        assertThrows(IllegalArgumentException.class, () -> Filters.hosts("10.0.0.1,10.0.0.2,10.0.0.3,10.0.0.4,"
                + "10.0.0.5,10.0.0.6,10.0.0.7,10.0.0.8,10.0.0.9"));
    }
}
