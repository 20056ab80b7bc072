package io.netjfr.bpf;

import java.util.Locale;

/**
 * How a hook's program is attached, best first. Program names in bpf/*.bpf.c are
 * {@code <object>_<token>[_<suffix>]}, so the loader selects a mode's programs by name.
 */
public enum AttachMode {
    FENTRY("fentry"),
    KPROBE("kprobe"),
    TP_BTF("tp_btf"),
    RAW_TP("raw_tp"),
    TRACEPOINT("tracepoint");

    private final String token;

    AttachMode(String token) {
        this.token = token;
    }

    /** The program name part, also the user-facing name ({@code attach=kprobe}). */
    public String token() {
        return token;
    }

    boolean selects(Hook hook, String programName) {
        String prefix = hook.objectName() + "_" + token;
        return programName.equals(prefix) || programName.startsWith(prefix + "_");
    }

    /** Parses a user-facing name ({@code fentry}, {@code kprobe}, {@code tp_btf}, ...). */
    public static AttachMode parse(String name) {
        for (AttachMode m : values()) {
            if (m.token.equals(name.toLowerCase(Locale.ROOT).replace('-', '_'))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown attach mode '" + name
                + "' (expected fentry, kprobe, tp_btf, raw_tp or tracepoint)");
    }

    @Override
    public String toString() {
        return token;
    }
}
