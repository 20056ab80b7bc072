package io.netjfr.record;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loss as it happens: per hook, how many events were lost since the previous look. The
 * kernel's counters only grow (for one engine), so each call reports the growth once.
 */
public final class LossTracker {
    /** {@code amount} events of {@code hook} lost since the previous look; {@code total} since the engine started. */
    public record HookLoss(String hook, long amount, long total) {
    }

    private final Map<String, Long> reported = new HashMap<>();

    /** The hooks whose lost count grew since the previous call, in the order of {@code now}. */
    public synchronized List<HookLoss> since(List<HookStatistics> now) {
        List<HookLoss> grown = new ArrayList<>();
        for (HookStatistics s : now) {
            long before = reported.getOrDefault(s.hook(), 0L);
            if (s.lost() > before) {
                grown.add(new HookLoss(s.hook(), s.lost() - before, s.lost()));
                reported.put(s.hook(), s.lost());
            }
        }
        return grown;
    }
}
