package io.netjfr.settings;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
