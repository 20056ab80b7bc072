package io.netjfr.bpf;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.netjfr.bpf.AttachMode.FENTRY;
import static io.netjfr.bpf.AttachMode.KPROBE;
import static io.netjfr.bpf.AttachMode.RAW_TP;
import static io.netjfr.bpf.AttachMode.TP_BTF;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a hook's outcome says about the modes it did not use (the verbose attach line, doctor's reasons). */
class AttachOutcomeTest {
    private static final List<AttachMode> MODES = List.of(FENTRY, KPROBE, TP_BTF, RAW_TP);

    @Test
    void modesRuledOutAboveTheOneInUseAreSaidInModeOrder() {
        Map<AttachMode, String> said = Engine.outcome(MODES, TP_BTF, Map.of(),
                ordered(KPROBE, "not tried: no kprobes", FENTRY, "not tried: refused"));
        assertEquals(List.of(FENTRY, KPROBE), List.copyOf(said.keySet()));
    }

    @Test
    void aModeRuledOutBelowTheOneInUseIsNotSaid() {
        // 5.10: fentry works, tcp_sendmsg_locked has no tp_btf
        assertEquals(Map.of(), Engine.outcome(MODES, FENTRY, Map.of(), Map.of(TP_BTF, "not tried: no tracepoint")));
    }

    @Test
    void aRuledOutModeTriedLastSaysWhyItsLoadFailed() {
        Map<AttachMode, String> said = Engine.outcome(MODES, null,
                ordered(TP_BTF, "load failed: a", RAW_TP, "load failed: b", FENTRY, "load failed: c"),
                Map.of(FENTRY, "not tried: refused", KPROBE, "not tried: no kprobes"));
        assertEquals(ordered(FENTRY, "load failed: c", KPROBE, "not tried: no kprobes", TP_BTF, "load failed: a",
                RAW_TP, "load failed: b"), said);
        assertEquals(List.of(FENTRY, KPROBE, TP_BTF, RAW_TP), List.copyOf(said.keySet()));
    }

    private static Map<AttachMode, String> ordered(Object... modeAndWhy) {
        Map<AttachMode, String> m = new LinkedHashMap<>();
        for (int i = 0; i < modeAndWhy.length; i += 2) {
            m.put((AttachMode) modeAndWhy[i], (String) modeAndWhy[i + 1]);
        }
        return m;
    }
}
