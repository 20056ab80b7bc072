package io.netjfr.bpf;

import java.util.List;

/**
 * A kernel hook: one object file (bpf/&lt;name&gt;.bpf.c), its counters' index in the stats
 * map (enum hook_id in netjfr.h), and the attach modes it has, best first.
 */
public enum Hook {
    /** Forgets processes on exec/exit so their command line is captured anew. */
    PROCESS("process", 0, List.of(AttachMode.TP_BTF, AttachMode.RAW_TP, AttachMode.TRACEPOINT)),
    /** ICMP and ICMPv6 packets sent by processes. */
    ICMP("icmp", 1, List.of(AttachMode.FENTRY, AttachMode.KPROBE, AttachMode.TP_BTF, AttachMode.RAW_TP,
            AttachMode.TRACEPOINT)),
    /** HTTP/1.x heads sent over TCP, requests and responses (no classic tracepoint exposes the payload). */
    HTTP("http", 2, List.of(AttachMode.FENTRY, AttachMode.KPROBE, AttachMode.TP_BTF, AttachMode.RAW_TP)),
    /** TLS ClientHellos sent over TCP. */
    TLS("tls", 3, List.of(AttachMode.FENTRY, AttachMode.KPROBE, AttachMode.TP_BTF, AttachMode.RAW_TP)),
    /** HTTP/1.x heads read from TCP sockets: responses a client reads, requests a server reads. */
    RECV("recv", 4, List.of(AttachMode.FENTRY, AttachMode.KPROBE, AttachMode.TP_BTF, AttachMode.RAW_TP));

    private final String objectName;
    private final int statsIndex;
    private final List<AttachMode> modes;

    Hook(String objectName, int statsIndex, List<AttachMode> modes) {
        this.objectName = objectName;
        this.statsIndex = statsIndex;
        this.modes = modes;
    }

    public String objectName() {
        return objectName;
    }

    int statsIndex() {
        return statsIndex;
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
        return objectName;
    }
}
