package io.netjfr.bpf;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Tries every attach mode of every hook for real (open, load, attach, detach), the same
 * steps the engine takes, and asks {@link AttachSupport} what it expects, so what doctor
 * reports is what the agent will get, and a wrong forecast shows.
 */
public final class Probe {
    private Probe() {
    }

    /**
     * One mode of one hook: {@code failure} null when it works, else why not;
     * {@code ruledOut} non-null when the cheap probe expects it to fail (the engine tries it last).
     */
    public record ModeResult(AttachMode mode, String failure, String ruledOut) {
        public boolean works() {
            return failure == null;
        }
    }

    /** Per hook, its modes best first. */
    public static Map<Hook, List<ModeResult>> run(String libbpfPath, String btfPath, boolean verbose)
            throws BpfException {
        BpfRuntime rt = BpfRuntime.get(libbpfPath, verbose);
        Map<Hook, List<ModeResult>> result = new EnumMap<>(Hook.class);
        // hooks served by one object (http and tls: send) load and attach the same programs: tried once
        Map<String, ModeResult> tried = new HashMap<>();
        try (AttachSupport support = new AttachSupport(rt)) {
            for (Hook hook : Hook.values()) {
                List<ModeResult> modes = new ArrayList<>();
                for (AttachMode mode : hook.modes()) {
                    modes.add(tried.computeIfAbsent(hook.objectName() + "/" + mode, k -> tryMode(rt, support, hook, mode,
                            btfPath)));
                }
                result.put(hook, modes);
            }
        }
        return result;
    }

    /** The mode the engine picks from {@code modes}: the first that works and is not ruled out, else the first that works. */
    public static AttachMode used(List<ModeResult> modes) {
        return modes.stream().filter(m -> m.works() && m.ruledOut() == null).findFirst()
                .or(() -> modes.stream().filter(ModeResult::works).findFirst())
                .map(ModeResult::mode).orElse(null);
    }

    private static ModeResult tryMode(BpfRuntime rt, AttachSupport support, Hook hook, AttachMode mode, String btfPath) {
        String ruledOut = null;
        try (BpfObject obj = BpfObject.open(rt, hook, btfPath)) {
            ruledOut = obj.sections(mode).stream().map(support::rulesOut).filter(Objects::nonNull).findFirst()
                    .orElse(null);
            obj.select(mode);
            obj.configure(KernelConfig.bytes(Engine.Filter.NONE, List.of(hook), PidNamespace.INITIAL, false, 0));
            obj.load();
            obj.attach();
            return new ModeResult(mode, null, ruledOut);
        } catch (BpfException e) {
            return new ModeResult(mode, e.getMessage(), ruledOut);
        }
    }

    /** The libbpf version string, e.g. "v1.1". */
    public static String libbpfVersion(String libbpfPath) throws BpfException {
        return BpfRuntime.get(libbpfPath, false).version();
    }
}
