package io.netjfr.cli;

import io.netjfr.record.HookStatistics;
import io.netjfr.record.LossTracker.HookLoss;

import java.util.List;
import java.util.stream.Collectors;

/** What record and watch say on stderr about lost events: as it happens, and per hook at the end. */
final class LossLines {
    private LossLines() {
    }

    /** "netjfr: lost 1234 events (http 1200, recv 34): the ring buffer was full; 5678 lost so far" */
    static String progress(List<HookLoss> grown, long totalSoFar) {
        long amount = grown.stream().mapToLong(HookLoss::amount).sum();
        return "netjfr: lost " + events(amount) + grown.stream().map(l -> l.hook() + " " + l.amount())
                .collect(Collectors.joining(", ", " (", ")")) + ": the ring buffer was full; "
                + totalSoFar + " lost so far";
    }

    /**
     * "netjfr: lost no events (process 0, icmp 0, http 0, tls 0, recv 0)", or
     * "netjfr: lost 443012 events (icmp 0, http 400000, ...): the ring buffer was full";
     * the hooks that attached (one that did not was said at the start, and lost nothing).
     */
    static String summary(List<HookStatistics> hooks) {
        long lost = total(hooks);
        return "netjfr: lost " + (lost == 0 ? "no events" : events(lost)) + hooks.stream()
                .filter(h -> !h.attachMode().isEmpty())
                .map(h -> h.hook() + " " + h.lost()).collect(Collectors.joining(", ", " (", ")"))
                + (lost == 0 ? "" : ": the ring buffer was full");
    }

    static long total(List<HookStatistics> hooks) {
        return hooks.stream().mapToLong(HookStatistics::lost).sum();
    }

    private static String events(long n) {
        return n + (n == 1 ? " event" : " events");
    }
}
