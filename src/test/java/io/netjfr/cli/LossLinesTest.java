package io.netjfr.cli;

import io.netjfr.record.HookStatistics;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LossLinesTest {
    @Test
    void summaryNamesTheHooksThatAttached() {
        List<HookStatistics> hooks = List.of(new HookStatistics("process", "", 0, 0, 0),
                new HookStatistics("icmp", "", 0, 0, 0), new HookStatistics("http", "tp_btf", 10, 10, 0),
                new HookStatistics("recv", "tp_btf", 5, 3, 2));
        assertEquals("netjfr: lost 2 events (http 0, recv 2): the ring buffer was full", LossLines.summary(hooks));
        assertEquals("netjfr: lost no events (http 0)", LossLines.summary(hooks.subList(0, 3)));
    }
}
