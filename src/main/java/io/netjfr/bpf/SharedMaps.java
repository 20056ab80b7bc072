package io.netjfr.bpf;

import com.sun.jna.Pointer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The maps hooks share, by name: those of bpf/common.bpf.h, which every object has,
 * the per-socket state (bpf/http.bpf.h) and the summaries' maps (bpf/summary.bpf.h), which the
 * send and recv objects share, icmp_summaries (one object's, kept so it outlives a reload),
 * and settings (bpf/settings.bpf.h), which those with event records share. The first
 * loaded object that has a map creates it; the others reuse it. Kept here as our own fd
 * duplicates, so they outlive any one object.
 */
final class SharedMaps implements AutoCloseable {
    static final String RING = "rb";
    static final String STATS = "stats";
    static final String KNOWN_PROCESSES = "known_processes";
    static final String PROCESS_EPOCH = "process_epoch";
    static final String CLIENT_RINGS = "client_rings";
    static final String CLIENTS = "clients";
    static final String SETTINGS = "settings";
    /** The summaries' maps: HTTP (bpf/summary.bpf.h) and ICMP (bpf/icmp.bpf.c). */
    static final List<String> SUMMARY_MAPS = List.of("summaries", "icmp_summaries");
    static final List<String> NAMES = List.of(RING, STATS, KNOWN_PROCESSES, PROCESS_EPOCH, "last_announced",
            CLIENT_RINGS, CLIENTS, "last_unrouted", "socket_storage", "sockets", SETTINGS, "summaries",
            "summary_zero", "icmp_summaries");

    private final BpfRuntime rt;
    private final Map<String, Integer> fds = new HashMap<>();
    private final int ringSize;

    SharedMaps(BpfRuntime rt, BpfObject first) throws BpfException {
        Pointer ring = first.findMap(RING);
        if (ring == null) {
            throw new BpfException("the first object loaded has no map " + RING);
        }
        this.rt = rt;
        adopt(first);
        ringSize = rt.lib.bpf_map__max_entries(ring);
    }

    /** Takes the shared maps a loaded object created (those no object before it had). */
    void adopt(BpfObject loaded) {
        for (String name : NAMES) {
            Pointer map = loaded.findMap(name);
            if (map != null && !fds.containsKey(name)) {
                fds.put(name, LibC.INSTANCE.dup(rt.lib.bpf_map__fd(map)));
            }
        }
    }

    /** The fd of a shared map, or null when no object so far has it. */
    Integer fd(String name) {
        return fds.get(name);
    }

    int ringSize() {
        return ringSize;
    }

    @Override
    public void close() {
        fds.values().forEach(LibC.INSTANCE::close);
        fds.clear();
    }
}
