package io.netjfr.bpf;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a hook's outcome reads in the lines users see. */
class HookStateTest {
    @Test
    void failuresReadInTheOrderTried() {
        Map<AttachMode, String> failures = new LinkedHashMap<>();
        failures.put(AttachMode.FENTRY, "not tried: refused");
        failures.put(AttachMode.KPROBE, "no kprobes");
        Engine.HookState s = new Engine.HookState(Hook.ICMP, AttachMode.TP_BTF, failures);
        assertEquals("fentry: not tried: refused; kprobe: no kprobes", s.describeFailures());
        assertEquals("", new Engine.HookState(Hook.ICMP, AttachMode.FENTRY, Map.of()).describeFailures());
        assertEquals("attached with tp_btf 0.05 s after (fentry: not tried: refused; kprobe: no kprobes)",
                s.outcome(" 0.05 s after"));
    }

    @Test
    void theProcessHookIsMissedWithoutBeingAskedFor() {
        Engine.HookState process = new Engine.HookState(Hook.PROCESS, null, Map.of(AttachMode.TRACEPOINT, "no tracefs"));
        Engine.HookState recv = new Engine.HookState(Hook.RECV, null, Map.of(AttachMode.TRACEPOINT, "none"));
        assertTrue(process.missing(Set.of(Hook.ICMP)));
        assertTrue(process.consequence().contains("command line"));
        assertEquals("not attached (tracepoint: no tracefs)" + process.consequence(), process.outcome(" later"));
        assertFalse(recv.missing(Set.of(Hook.ICMP)), "a hook nobody asked for");
        assertTrue(recv.missing(Set.of(Hook.HTTP, Hook.RECV)));
        assertFalse(new Engine.HookState(Hook.PROCESS, AttachMode.TP_BTF, Map.of()).missing(Set.of()));
    }
}
