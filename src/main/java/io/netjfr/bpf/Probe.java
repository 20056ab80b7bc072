package io.netjfr.bpf;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tries every attach mode of every hook for real (open, load, attach, detach), the same
 * steps the engine takes, so what doctor reports is what the agent will get.
 */
public final class Probe {
    private Probe() {
    }

    /** Per hook and mode: null when it works, else why not. */
    public static Map<Hook, Map<AttachMode, String>> run(String libbpfPath, String btfPath, boolean verbose)
            throws BpfException {
        BpfRuntime rt = BpfRuntime.get(libbpfPath, verbose);
        Map<Hook, Map<AttachMode, String>> result = new EnumMap<>(Hook.class);
        // hooks served by one object (http and tls: send) load and attach the same programs: tried once
        Map<String, String> tried = new HashMap<>();
        for (Hook hook : Hook.values()) {
            Map<AttachMode, String> modes = new LinkedHashMap<>();
            for (AttachMode mode : hook.modes()) {
                String key = hook.objectName() + "/" + mode;
                if (!tried.containsKey(key)) {
                    tried.put(key, tryMode(rt, hook, mode, btfPath));
                }
                modes.put(mode, tried.get(key));
            }
            result.put(hook, modes);
        }
        return result;
    }

    private static String tryMode(BpfRuntime rt, Hook hook, AttachMode mode, String btfPath) {
        try (BpfObject obj = BpfObject.open(rt, hook, btfPath)) {
            obj.select(mode);
            obj.configure(KernelConfig.bytes(Engine.Filter.NONE, List.of(hook), PidNamespace.INITIAL, false, 0));
            obj.load();
            obj.attach();
            return null;
        } catch (BpfException e) {
            return e.getMessage();
        }
    }

    /** The libbpf version string, e.g. "v1.1". */
    public static String libbpfVersion(String libbpfPath) throws BpfException {
        return BpfRuntime.get(libbpfPath, false).version();
    }
}
