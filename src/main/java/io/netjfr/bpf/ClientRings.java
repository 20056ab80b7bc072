package io.netjfr.bpf;

import com.sun.jna.Memory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Routed mode (the node daemon): a ring buffer per client process, found by the kernel
 * through the process's host tgid (client_rings), and the client's settings and counters
 * (clients, struct client_config). A client reads its ring through an fd passed to it; it
 * sees its own records only, or with {@link #SYSTEM} those of every process without a
 * ring of its own.
 */
public final class ClientRings implements AutoCloseable {
    /** The key of the one client with system scope. */
    public static final int SYSTEM = 0;
    /** struct client_config, checked against the BTF by RecordLayoutTest. */
    public static final int CLIENT_PIDNS_DEV = 0;
    public static final int CLIENT_PIDNS_INO = 8;
    public static final int CLIENT_HOOKS = 16;
    public static final int CLIENT_SEEN = 24;
    public static final int CLIENT_LOST = 88;
    public static final int CLIENT_SETTINGS = 152;
    public static final int CLIENT_SIZE = CLIENT_SETTINGS + LiveSettings.SIZE;
    private static final int BPF_MAP_TYPE_RINGBUF = 27;
    private static final int BPF_EXIST = 2;
    /** known_processes' max_entries (common.bpf.h): bounds the walk. */
    private static final int MAX_KNOWN = 16384;

    private final BpfRuntime rt;
    private final int ringsFd;
    private final int clientsFd;
    private final int knownFd;
    private final int epochFd;
    private final Set<Integer> clients = new HashSet<>();
    private int ringSize = 8 * 1024 * 1024;

    ClientRings(BpfRuntime rt, SharedMaps maps) throws BpfException {
        this.rt = rt;
        Integer rings = maps.fd(SharedMaps.CLIENT_RINGS);
        Integer settings = maps.fd(SharedMaps.CLIENTS);
        if (rings == null || settings == null) {
            throw new BpfException("the loaded objects have no client maps");
        }
        ringsFd = rings;
        clientsFd = settings;
        knownFd = maps.fd(SharedMaps.KNOWN_PROCESSES);
        epochFd = maps.fd(SharedMaps.PROCESS_EPOCH);
    }

    /** Data bytes of each client's ring, created from now on (8 MiB unless set). */
    public synchronized int ringSize() {
        return ringSize;
    }

    /** A power of two of at least a page, as the kernel wants ring buffers. */
    public synchronized void ringSize(int bytes) {
        if (bytes < 4096 || Integer.bitCount(bytes) != 1) {
            throw new IllegalArgumentException("invalid ring size " + bytes + " (a power of two, at least 4096)");
        }
        ringSize = bytes;
    }

    /** Clients routed now. */
    public synchronized int size() {
        return clients.size();
    }

    /**
     * Routes the records of process {@code hostTgid} ({@link #SYSTEM}: of every process
     * without a ring) for {@code hooks} to a new ring, reporting pids as {@code pidns} sees
     * them, as its {@code settings} say. Returns the ring's fd, which the caller owns (the kernel keeps the ring while the
     * map or any fd or mapping holds it).
     */
    public synchronized int add(int hostTgid, PidNamespace pidns, Set<Hook> hooks, LiveSettings settings)
            throws BpfException {
        if (clients.contains(hostTgid)) {
            throw new BpfException("process " + hostTgid + " is served already");
        }
        int ring = rt.lib.bpf_map_create(BPF_MAP_TYPE_RINGBUF, "netjfr_client", 0, 0, ringSize, null);
        if (ring < 0) {
            throw new BpfException("failed to create a ring buffer: " + BpfRuntime.strerror(-ring), -ring);
        }
        int mask = 1 << Hook.PROCESS.statsIndex();
        for (Hook h : hooks) {
            mask |= 1 << h.statsIndex();
        }
        try (Memory key = key(hostTgid); Memory config = new Memory(CLIENT_SIZE); Memory fd = new Memory(4)) {
            config.clear();
            config.setLong(CLIENT_PIDNS_DEV, pidns.dev());
            config.setLong(CLIENT_PIDNS_INO, pidns.ino());
            config.setInt(CLIENT_HOOKS, mask);
            config.write(CLIENT_SETTINGS, settings.bytes(), 0, LiveSettings.SIZE);
            fd.setInt(0, ring);
            check(rt.lib.bpf_map_update_elem(clientsFd, key, config, 0), "add a client");
            int err = rt.lib.bpf_map_update_elem(ringsFd, key, fd, 0);
            if (err < 0) {
                rt.lib.bpf_map_delete_elem(clientsFd, key);
                check(err, "add a client's ring");
            }
        } catch (BpfException e) {
            LibC.INSTANCE.close(ring);
            throw e;
        }
        clients.add(hostTgid);
        forgetAnnounced(hostTgid);
        return ring;
    }

    /** Stops routing to the client's ring; the ring goes when its client lets go of it too. */
    public synchronized void remove(int hostTgid) {
        if (!clients.remove(hostTgid)) {
            return;
        }
        try (Memory key = key(hostTgid)) {
            rt.lib.bpf_map_delete_elem(ringsFd, key);
            rt.lib.bpf_map_delete_elem(clientsFd, key);
        }
        forgetAnnounced(hostTgid);
    }

    /**
     * The client's recordings changed what they want. The kernel counts in the same value,
     * so it is read, changed and written back (BPF_F_LOCK needs a spin lock in the value):
     * counts the kernel adds in between, microseconds, are lost to the client's counters.
     */
    public synchronized void apply(int hostTgid, LiveSettings settings) throws BpfException {
        if (!clients.contains(hostTgid)) {
            throw new BpfException("process " + hostTgid + " is not served");
        }
        try (Memory key = key(hostTgid); Memory config = new Memory(CLIENT_SIZE)) {
            check(rt.lib.bpf_map_lookup_elem(clientsFd, key, config), "read a client's settings");
            config.write(CLIENT_SETTINGS, settings.bytes(), 0, LiveSettings.SIZE);
            check(rt.lib.bpf_map_update_elem(clientsFd, key, config, BPF_EXIST), "update a client's settings");
        }
    }

    /** The client's own counters for {@code hook}; zeros for a client that is gone. */
    public synchronized Engine.Counters counters(int hostTgid, Hook hook) {
        try (Memory key = key(hostTgid); Memory config = new Memory(CLIENT_SIZE)) {
            if (rt.lib.bpf_map_lookup_elem(clientsFd, key, config) < 0) {
                return new Engine.Counters(0, 0);
            }
            int i = hook.statsIndex();
            return new Engine.Counters(config.getLong(CLIENT_SEEN + 8L * i), config.getLong(CLIENT_LOST + 8L * i));
        }
    }

    /**
     * A process's records now go to another ring (or none), which needs its process record:
     * the kernel forgets that it announced it. A change for {@link #SYSTEM} concerns every
     * process without a ring of its own.
     */
    private void forgetAnnounced(int hostTgid) {
        try (Memory key = new Memory(4); Memory next = new Memory(4); Memory zero = new Memory(4);
                Memory epoch = new Memory(8)) {
            if (hostTgid == SYSTEM) {
                List<Integer> known = new ArrayList<>();
                Memory at = null;
                while (rt.lib.bpf_map_get_next_key(knownFd, at, next) == 0 && known.size() < MAX_KNOWN) {
                    known.add(next.getInt(0));
                    key.setInt(0, next.getInt(0));
                    at = key;
                }
                for (int tgid : known) {
                    if (!clients.contains(tgid)) {
                        key.setInt(0, tgid);
                        rt.lib.bpf_map_delete_elem(knownFd, key);
                    }
                }
            } else {
                key.setInt(0, hostTgid);
                rt.lib.bpf_map_delete_elem(knownFd, key);
            }
            zero.setInt(0, 0);
            if (rt.lib.bpf_map_lookup_elem(epochFd, zero, epoch) == 0) {
                epoch.setLong(0, epoch.getLong(0) + 1); // any change voids every CPU's last_announced
                rt.lib.bpf_map_update_elem(epochFd, zero, epoch, 0);
            }
        }
    }

    private static Memory key(int hostTgid) {
        Memory key = new Memory(4);
        key.setInt(0, hostTgid);
        return key;
    }

    private static void check(int err, String what) throws BpfException {
        if (err < 0) {
            throw new BpfException("failed to " + what + ": " + BpfRuntime.strerror(-err), -err);
        }
    }

    /** Drops every route; the rings go with their clients' fds. */
    @Override
    public synchronized void close() {
        for (int tgid : Set.copyOf(clients)) {
            remove(tgid);
        }
    }
}
