package io.netjfr.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * struct netjfr_config (bpf/netjfr.h), the tunables written into each object's .rodata
 * before load. Offsets checked against the objects' BTF by RecordLayoutTest.
 */
public final class KernelConfig {
    public static final int TGID = 0;
    public static final int PORT = 4;
    public static final int CAPTURES = 6;
    public static final int COMM = 8;
    public static final int PIDNS_DEV = 24;
    public static final int PIDNS_INO = 32;
    public static final int ROUTED = 40;
    public static final int SOCK_KEY = 48;
    public static final int SIZE = 56;
    private static final int COMM_LEN = PIDNS_DEV - COMM;

    private KernelConfig() {
    }

    /**
     * The config of an object serving {@code hooks}: the filter, the namespace pids are
     * reported in, and for routed mode (the node daemon) the secret socket ids are mixed with.
     */
    public static byte[] bytes(Engine.Filter filter, Collection<Hook> hooks, PidNamespace pidns, boolean routed,
            long sockKey) {
        int captures = 0;
        for (Hook h : hooks) {
            captures |= h.capture();
        }
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(TGID, filter.tgid()).putShort(PORT, (short) filter.port()).putShort(CAPTURES, (short) captures);
        if (filter.comm() != null) {
            byte[] name = filter.comm().getBytes(StandardCharsets.UTF_8);
            b.put(COMM, name, 0, Math.min(name.length, COMM_LEN - 1)); // the rest stays 0: NUL terminated
        }
        b.putLong(PIDNS_DEV, pidns.dev()).putLong(PIDNS_INO, pidns.ino());
        b.putInt(ROUTED, routed ? 1 : 0);
        b.putLong(SOCK_KEY, routed ? sockKey : 0);
        return b.array();
    }
}
