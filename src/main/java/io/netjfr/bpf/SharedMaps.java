package io.netjfr.bpf;

import com.sun.jna.Pointer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The maps every hook writes (see bpf/common.bpf.h), created by the first object loaded
 * and kept here as our own fd duplicates, so they outlive any one object.
 */
final class SharedMaps implements AutoCloseable {
    static final String RING = "rb";
    static final String STATS = "stats";
    static final List<String> NAMES = List.of(RING, STATS, "known_processes");

    private final Map<String, Integer> fds = new HashMap<>();
    private final int ringSize;

    SharedMaps(BpfRuntime rt, BpfObject owner) throws BpfException {
        for (String name : NAMES) {
            fds.put(name, LibC.INSTANCE.dup(rt.lib.bpf_map__fd(owner.map(name))));
        }
        Pointer ring = owner.map(RING);
        ringSize = rt.lib.bpf_map__max_entries(ring);
    }

    int fd(String name) {
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
