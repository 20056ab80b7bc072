package io.netjfr.record;

import io.netjfr.bpf.Engine;
import io.netjfr.bpf.Hook;
import io.netjfr.bpf.RecordSource;

import java.util.ArrayList;
import java.util.List;

/**
 * One hook's numbers as netjfr.Statistics reports them: the attach mode in use (empty when
 * none could attach), events the kernel put into the ring buffer, events handed on, events lost
 * to a full ring buffer.
 */
public record HookStatistics(String hook, String attachMode, long seen, long delivered, long lost) {

    /** Per hook of {@code engine} (the kernel, or the daemon), in hook order; after the engine closed, the final numbers. */
    public static List<HookStatistics> of(RecordSource engine, RecordDecoder decoder) {
        List<HookStatistics> result = new ArrayList<>();
        for (Engine.HookState s : engine.hooks()) {
            Engine.Counters c = engine.counters(s.hook());
            long delivered = s.hook() == Hook.PROCESS ? c.seen() : decoder.delivered(s.hook());
            result.add(new HookStatistics(s.hook().toString(), s.mode() == null ? "" : s.mode().toString(),
                    c.seen(), delivered, c.lost()));
        }
        return result;
    }
}
