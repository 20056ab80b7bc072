package io.netjfr.bpf;

import java.util.List;

/**
 * What the kernel captures, and where: the object file (bpf/&lt;object&gt;.bpf.c), its
 * counters' index in the stats map (enum hook_id in netjfr.h), its bit in
 * netjfr_config.captures where one object serves several hooks (enum capture_flags), and
 * the attach modes it has, best first.
 */
public enum Hook {
    /** Forgets processes on exec/exit so their command line is captured anew. */
    PROCESS("process", "process", 0, 0, List.of(AttachMode.TP_BTF, AttachMode.RAW_TP, AttachMode.TRACEPOINT)),
    /** ICMP and ICMPv6 packets sent by processes. */
    ICMP("icmp", "icmp", 1, 0, List.of(AttachMode.FENTRY, AttachMode.KPROBE, AttachMode.TP_BTF, AttachMode.RAW_TP,
            AttachMode.TRACEPOINT)),
    /** HTTP/1.x heads sent over TCP, requests and responses (no classic tracepoint exposes the payload). */
    HTTP("http", "send", 2, 1, List.of(AttachMode.FENTRY, AttachMode.KPROBE, AttachMode.TP_BTF, AttachMode.RAW_TP)),
    /** TLS ClientHellos sent over TCP: the same program as HTTP, so a send is looked at once. */
    TLS("tls", "send", 3, 2, List.of(AttachMode.FENTRY, AttachMode.KPROBE, AttachMode.TP_BTF, AttachMode.RAW_TP)),
    /** HTTP/1.x read from TCP sockets: responses a client reads (a server's requests only time its responses). */
    RECV("recv", "recv", 4, 0, List.of(AttachMode.FENTRY, AttachMode.KPROBE, AttachMode.TP_BTF, AttachMode.RAW_TP));

    private final String hookName;
    private final String objectName;
    private final int statsIndex;
    private final int capture;
    private final List<AttachMode> modes;

    Hook(String hookName, String objectName, int statsIndex, int capture, List<AttachMode> modes) {
        this.hookName = hookName;
        this.objectName = objectName;
        this.statsIndex = statsIndex;
        this.capture = capture;
        this.modes = modes;
    }

    /** The object file (and the prefix of its programs' names). */
    public String objectName() {
        return objectName;
    }

    public int statsIndex() {
        return statsIndex;
    }

    /** Its bit in netjfr_config.captures: what to capture when its object serves several hooks. */
    public int capture() {
        return capture;
    }

    /** The modes this hook's object has programs for, best first. */
    public List<AttachMode> modes() {
        return modes;
    }

    /** Class path resource of the compiled object. */
    String resource() {
        return "/bpf/" + objectName + ".bpf.o";
    }

    @Override
    public String toString() {
        return hookName;
    }
}
