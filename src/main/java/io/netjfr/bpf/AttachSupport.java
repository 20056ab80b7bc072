package io.netjfr.bpf;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What a program's attach point needs from this kernel, found without loading the program
 * (as libbpf-tools' fentry_can_attach and kprobe_exists do): a trivial fentry program on the
 * same function, libbpf's two ways of creating a kprobe, the tracepoint's type in the
 * kernel's BTF. The engine tries the modes this rules out last, so a hook usually loads and
 * verifies one mode only: the verifier is most of the start-up cost. A verdict may be wrong
 * (the real program can still fail); the engine then falls back as before.
 */
final class AttachSupport implements AutoCloseable {
    private static final int BPF_PROG_TYPE_TRACING = 26;
    private static final int BPF_TRACE_FENTRY = 24;
    private static final int BTF_KIND_TYPEDEF = 8;
    private static final int BTF_KIND_FUNC = 12;
    private static final int PROG_LOAD_OPTS_SIZE = 48; // struct bpf_prog_load_opts up to attach_btf_obj_fd
    private static final int OPTS_EXPECTED_ATTACH_TYPE = 12;
    private static final int OPTS_ATTACH_BTF_ID = 32;
    /** r0 = 0; exit. */
    private static final byte[] RETURN_ZERO = {(byte) 0xb7, 0, 0, 0, 0, 0, 0, 0, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0};
    private static final Path KPROBE_PMU = Path.of("/sys/bus/event_source/devices/kprobe/type");
    private static final Path[] KPROBE_EVENTS = {Path.of("/sys/kernel/tracing/kprobe_events"),
        Path.of("/sys/kernel/debug/tracing/kprobe_events")};

    private final BpfRuntime rt;
    private final Map<String, String> verdicts = new HashMap<>();
    private Pointer vmlinux;
    private String noBtf;

    AttachSupport(BpfRuntime rt) {
        this.rt = rt;
    }

    /**
     * Null when nothing speaks against a program in ELF section {@code section}
     * ("fentry/tcp_sendmsg", "kretprobe/tcp_recvmsg", "tp_btf/sock_recv_length"), else why
     * it cannot attach. Sections of other kinds (raw_tp, tracepoint) are not judged.
     */
    String rulesOut(String section) {
        if (!verdicts.containsKey(section)) { // a section that passes is judged null: kept too (computeIfAbsent would not)
            verdicts.put(section, judge(section));
        }
        return verdicts.get(section);
    }

    private String judge(String section) {
        int slash = section.indexOf('/');
        String kind = slash < 0 ? section : section.substring(0, slash);
        String target = slash < 0 ? "" : section.substring(slash + 1);
        return switch (kind) {
            case "fentry", "fexit" -> fentry(target);
            case "kprobe", "kretprobe" -> kprobes();
            case "tp_btf" -> btfType("btf_trace_" + target, BTF_KIND_TYPEDEF) >= 0 ? null
                    : noBtf != null ? noBtf : "the kernel has no tracepoint " + target + " in its BTF";
            default -> null;
        };
    }

    private String kprobes() {
        if (Files.exists(KPROBE_PMU)) {
            return null;
        }
        for (Path p : KPROBE_EVENTS) {
            if (Files.exists(p)) {
                return null;
            }
        }
        return "no kprobes (" + KPROBE_PMU + " and tracefs's kprobe_events are missing: "
                + "kernel built without CONFIG_KPROBES)";
    }

    /** Loads {@code r0 = 0; exit} as an fentry program on {@code function}: refused when trampolines are. */
    private String fentry(String function) {
        int id = btfType(function, BTF_KIND_FUNC);
        if (id < 0) {
            return noBtf != null ? noBtf : "the kernel has no function " + function + " in its BTF";
        }
        try (Memory insns = new Memory(RETURN_ZERO.length); Memory opts = new Memory(PROG_LOAD_OPTS_SIZE)) {
            insns.write(0, RETURN_ZERO, 0, RETURN_ZERO.length);
            opts.clear();
            opts.setLong(0, PROG_LOAD_OPTS_SIZE);
            opts.setInt(OPTS_EXPECTED_ATTACH_TYPE, BPF_TRACE_FENTRY);
            opts.setInt(OPTS_ATTACH_BTF_ID, id);
            int fd = rt.lib.bpf_prog_load(BPF_PROG_TYPE_TRACING, "netjfr_probe", "GPL", insns, 2, opts);
            if (fd < 0) {
                return "a trivial fentry program on " + function + " failed to load: " + BpfRuntime.strerror(fd)
                        + (fd == -1 ? " (this kernel refuses fentry programs: no BPF trampoline, or lockdown)" : "");
            }
            LibC.INSTANCE.close(fd);
            return null;
        }
    }

    /** The kernel's BTF id of {@code name} of {@code kind}; negative when absent or the kernel has no BTF. */
    private int btfType(String name, int kind) {
        if (vmlinux == null && noBtf == null) {
            vmlinux = rt.lib.btf__load_vmlinux_btf();
            if (vmlinux == null) {
                noBtf = "the kernel's BTF cannot be read";
            }
        }
        return vmlinux == null ? -1 : rt.lib.btf__find_by_name_kind(vmlinux, name, kind);
    }

    /** Frees the kernel's BTF (about 10 MB parsed); the verdicts stay. */
    @Override
    public void close() {
        if (vmlinux != null) {
            rt.lib.btf__free(vmlinux);
            vmlinux = null;
        }
    }
}
