package io.netjfr.bpf;

import com.sun.jna.Memory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;

/**
 * The kernel side of netjfr while it runs: each requested hook attached in the best mode
 * the kernel allows, one shared ring buffer, and a drain thread that hands every record
 * to a {@link RecordHandler}. Closing detaches everything, then drains what is left, so
 * nothing the kernel recorded is lost.
 *
 * <p>Wake-ups decide the cost, so the drain thread has two states. Idle (the ring was
 * empty): it sleeps in epoll until the kernel signals the first record committed after
 * that, which costs the kernel one wake-up per idle period, not one per record. Busy (the
 * last drain found records): it drains again on a 1 ms grid ({@value #BUSY_DRAIN_NANOS} ns)
 * without waiting in epoll, and leaves consumer_pos one record behind so the kernel does
 * not signal at all; a record waits about half a millisecond, and there are at most ~1000
 * wake-ups/s whatever the rate.
 */
public final class Engine implements AutoCloseable {
    /** While busy: time between drains. */
    static final long BUSY_DRAIN_NANOS = 1_000_000L;
    /**
     * While idle: longest sleep without a signal. Idle wake-ups cost a JNA call each, so they
     * are rare; a shorter one while the decoder waits for the rest of an HTTP head (it emits
     * what it has after 200 ms).
     */
    static final int IDLE_WAIT_MILLIS = 1000;
    static final int IDLE_WAIT_PENDING_MILLIS = 100;
    /** Most records handed on per drain. */
    static final int DRAIN_BATCH = 16384;

    /** What to load and how. */
    public record Options(Filter filter, AttachMode forcedMode, String libbpfPath, String btfPath, boolean verbose) {
    }

    /**
     * The kernel-side filter (struct netjfr_config): a process id (0: every process), the
     * thread group leader's comm (null: every process; longer than 15 bytes: its first 15,
     * as the kernel keeps it) and a local or remote TCP port (0: every port).
     */
    public record Filter(int tgid, String comm, int port) {
        public static final Filter NONE = new Filter(0, null, 0);
        /** Offsets in struct netjfr_config (checked by RecordLayoutTest). */
        public static final int CONFIG_TGID = 0;
        public static final int CONFIG_PORT = 4;
        public static final int CONFIG_CAPTURES = 6;
        public static final int CONFIG_COMM = 8;
        public static final int CONFIG_SIZE = 24;
        private static final int COMM_LEN = CONFIG_SIZE - CONFIG_COMM;

        public Filter {
            if (tgid < 0) {
                throw new IllegalArgumentException("invalid pid " + tgid);
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("invalid port " + port + " (expected 1-65535)");
            }
            if (comm != null && comm.isEmpty()) {
                comm = null;
            }
        }

        /** Only this process's events. */
        public static Filter pid(long pid) {
            return new Filter((int) pid, null, 0);
        }

        /** struct netjfr_config, little endian, for an object that captures what {@code hooks} want. */
        public byte[] config(Collection<Hook> hooks) {
            int captures = 0;
            for (Hook h : hooks) {
                captures |= h.capture();
            }
            ByteBuffer b = ByteBuffer.allocate(CONFIG_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(CONFIG_TGID, tgid).putShort(CONFIG_PORT, (short) port).putShort(CONFIG_CAPTURES, (short) captures);
            if (comm != null) {
                byte[] name = comm.getBytes(StandardCharsets.UTF_8);
                b.put(CONFIG_COMM, name, 0, Math.min(name.length, COMM_LEN - 1)); // the rest stays 0: NUL terminated
            }
            return b.array();
        }
    }

    /** A hook's outcome: the mode in use (null when none worked) and why the modes tried before it failed. */
    public record HookState(Hook hook, AttachMode mode, Map<AttachMode, String> failures) {
    }

    /** Kernel-side counters of one hook, summed over CPUs. */
    public record Counters(long seen, long lost) {
    }

    private final BpfRuntime rt;
    private final Set<Hook> attached = EnumSet.noneOf(Hook.class);
    private final List<BpfObject> objects = new ArrayList<>();
    private final List<HookState> states = new ArrayList<>();
    private final SharedMaps shared;
    private final RingBuffer ring;
    private final RecordHandler handler;
    private final Thread drainer;
    private final Map<Hook, Counters> finalCounters = new EnumMap<>(Hook.class);
    private volatile boolean running = true;
    private volatile long wakeups;
    private volatile long signalledWakeups;
    private volatile long records;
    private boolean closed;

    private Engine(BpfRuntime rt, Options options, Set<Hook> requested, RecordHandler handler) throws BpfException {
        this.rt = rt;
        this.handler = handler;
        Set<Hook> hooks = new TreeSet<>(requested);
        hooks.add(Hook.PROCESS); // keeps command lines right across exec and pid reuse
        SharedMaps maps = null;
        try {
            for (List<Hook> group : byObject(hooks)) {
                Hook hook = group.get(0);
                Map<AttachMode, String> failures = new LinkedHashMap<>();
                AttachMode used = null;
                for (AttachMode mode : modesToTry(hook, options.forcedMode())) {
                    BpfObject obj = BpfObject.open(rt, hook, options.btfPath());
                    try {
                        obj.select(mode);
                        if (maps != null) {
                            obj.reuse(maps);
                        }
                        obj.configure(options.filter().config(group));
                        obj.load();
                        obj.attach();
                    } catch (BpfException e) {
                        obj.close();
                        failures.put(mode, e.getMessage());
                        continue;
                    }
                    if (maps == null) {
                        maps = new SharedMaps(rt, obj);
                    } else {
                        maps.adopt(obj);
                    }
                    objects.add(obj);
                    attached.addAll(group);
                    used = mode;
                    break;
                }
                for (Hook h : group) {
                    states.add(new HookState(h, used, Collections.unmodifiableMap(failures)));
                }
            }
            if (attached.stream().noneMatch(requested::contains)) {
                throw new BpfException("no hook could be attached: " + describeFailures());
            }
            shared = maps;
            ring = new RingBuffer(shared.fd(SharedMaps.RING), shared.ringSize());
        } catch (BpfException | RuntimeException e) {
            objects.forEach(BpfObject::close);
            if (maps != null) {
                maps.close();
            }
            throw e;
        }
        drainer = new Thread(this::drainLoop, "netjfr-ring");
        drainer.setDaemon(true);
        drainer.start();
    }

    /**
     * Attaches {@code hooks} and starts delivering records to {@code handler}.
     * Throws when libbpf, BTF or privileges are missing, or no requested hook can attach.
     */
    public static Engine start(Options options, Set<Hook> hooks, RecordHandler handler) throws BpfException {
        Preflight.check(options.btfPath());
        BpfRuntime rt = BpfRuntime.get(options.libbpfPath(), options.verbose());
        return new Engine(rt, options, hooks, handler);
    }

    /** Hooks grouped by the object that serves them, in hook order. */
    static Collection<List<Hook>> byObject(Set<Hook> hooks) {
        Map<String, List<Hook>> groups = new LinkedHashMap<>();
        for (Hook h : hooks) {
            groups.computeIfAbsent(h.objectName(), k -> new ArrayList<>()).add(h);
        }
        return groups.values();
    }

    static List<AttachMode> modesToTry(Hook hook, AttachMode forced) {
        if (forced != null && hook.modes().contains(forced)) {
            return List.of(forced);
        }
        return hook.modes();
    }

    /** Per hook, in hook order: the mode in use and the failures of better modes. */
    public List<HookState> hooks() {
        return Collections.unmodifiableList(states);
    }

    /** The libbpf version in use. */
    public String libbpfVersion() {
        return rt.version();
    }

    /**
     * Kernel-side counters of {@code hook}: events that passed the filter, and those lost to a
     * full ring. After {@link #close()}, their final values.
     */
    public synchronized Counters counters(Hook hook) {
        if (closed) {
            return finalCounters.getOrDefault(hook, new Counters(0, 0));
        }
        int cpus = rt.lib.libbpf_num_possible_cpus();
        try (Memory key = new Memory(4); Memory values = new Memory(16L * cpus)) {
            key.setInt(0, hook.statsIndex());
            if (rt.lib.bpf_map_lookup_elem(shared.fd(SharedMaps.STATS), key, values) < 0) {
                return new Counters(0, 0);
            }
            long seen = 0;
            long lost = 0;
            for (int cpu = 0; cpu < cpus; cpu++) {
                seen += values.getLong(16L * cpu);
                lost += values.getLong(16L * cpu + 8);
            }
            return new Counters(seen, lost);
        }
    }

    private void drainLoop() {
        long next = System.nanoTime();
        while (running) {
            int n = drain(DRAIN_BATCH, true);
            if (n == DRAIN_BATCH) {
                next = System.nanoTime();
                continue; // behind: keep going (a batch bounds the time the lock is held)
            }
            if (n > 0 || !ringEmpty()) {
                // busy: drains on a 1 ms grid, so a slow drain does not stretch the period
                next += BUSY_DRAIN_NANOS;
                long wait = next - System.nanoTime();
                if (wait <= 0) {
                    next = System.nanoTime();
                    continue;
                }
                LockSupport.parkNanos(wait);
            } else {
                if (ring.await(handler.pending() ? IDLE_WAIT_PENDING_MILLIS : IDLE_WAIT_MILLIS)) {
                    signalledWakeups++;
                }
                next = System.nanoTime();
            }
            wakeups++;
        }
    }

    /** Times the drain thread woke up: signalled by the kernel, timed while busy, or idle timeouts. */
    public long wakeups() {
        return wakeups;
    }

    /** Of {@link #wakeups()}, those the kernel signalled (first record after the ring was empty). */
    public long signalledWakeups() {
        return signalledWakeups;
    }

    /** Records handed to the handler so far. */
    public long records() {
        return records;
    }

    /**
     * Hands what the kernel has committed so far to the handler, on the caller's thread;
     * returns how many. Bounded by what the ring can hold, so a flood cannot keep it going.
     */
    public int drainNow() {
        return drain(shared.ringSize() / 16, false); // the smallest record takes 16 bytes with its header
    }

    private synchronized int drain(int max, boolean holdBack) {
        return closed ? 0 : drainOnce(max, holdBack);
    }

    /** Under the lock: drainNow on a JFR thread moves the same consumer position. */
    private synchronized boolean ringEmpty() {
        return closed || ring.empty();
    }

    private int drainOnce(int max, boolean holdBack) {
        int n = 0;
        try {
            n = ring.drain(handler, max, holdBack);
            records += n;
            handler.onDrained();
        } catch (RuntimeException e) {
            System.err.println("netjfr: failed to handle a record: " + e);
        }
        return n;
    }

    private String describeFailures() {
        StringBuilder sb = new StringBuilder();
        for (HookState s : states) {
            s.failures().forEach((mode, why) -> sb.append(sb.length() == 0 ? "" : "; ")
                    .append(s.hook()).append(' ').append(mode).append(": ").append(why));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        running = false;
        synchronized (this) {
            if (!closed) {
                ring.wakeUp(); // out of epoll now, not after the idle timeout
            }
        }
        if (Thread.currentThread() != drainer) {
            try {
                drainer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            objects.forEach(BpfObject::close);
            objects.clear();
            drainOnce(Integer.MAX_VALUE, false); // what the kernel wrote before the detach
            try {
                handler.onClosed();
            } catch (RuntimeException e) {
                System.err.println("netjfr: failed to handle the last records: " + e);
            }
            for (HookState s : states) {
                finalCounters.put(s.hook(), counters(s.hook()));
            }
            ring.close();
            shared.close();
            closed = true;
        }
    }
}
