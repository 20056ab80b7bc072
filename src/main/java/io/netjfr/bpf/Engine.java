package io.netjfr.bpf;

import com.sun.jna.Memory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The kernel side of netjfr while it runs: each requested hook attached in the best mode
 * the kernel allows, one shared ring buffer, and a {@link RingReader} that hands every
 * record to a {@link RecordHandler}. Closing detaches everything, then drains what is
 * left, so nothing the kernel recorded is lost. In routed mode (the node daemon) records
 * go to the rings of {@link #clientRings()} instead, which their clients read.
 */
public final class Engine implements RecordSource {
    /**
     * What to load and how. {@code pidns}: the namespace pids are reported in (and the
     * filter's pid is from); {@code routed}: records go to the rings of the node daemon's
     * clients ({@link ClientRings}) instead of one ring read here.
     */
    public record Options(Filter filter, AttachMode forcedMode, String libbpfPath, String btfPath, boolean verbose,
            PidNamespace pidns, boolean routed) {
        public Options(Filter filter, AttachMode forcedMode, String libbpfPath, String btfPath, boolean verbose) {
            this(filter, forcedMode, libbpfPath, btfPath, verbose, PidNamespace.INITIAL, false);
        }
    }

    /**
     * The kernel-side filter (struct netjfr_config): a process id (0: every process; as
     * {@link Options#pidns()} sees it), the
     * thread group leader's comm (null: every process; longer than 15 bytes: its first 15,
     * as the kernel keeps it) and a local or remote TCP port (0: every port).
     */
    public record Filter(int tgid, String comm, int port) {
        public static final Filter NONE = new Filter(0, null, 0);
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

    }

    /** How a failure reads for a mode that was not loaded because {@link AttachSupport} ruled it out. */
    public static final String NOT_TRIED = "not tried: ";

    /**
     * A hook's outcome: the mode in use (null when none worked), and in mode order why each
     * mode that was loaded failed, or ({@link #NOT_TRIED}) why a better mode was not tried.
     */
    public record HookState(Hook hook, AttachMode mode, Map<AttachMode, String> failures) {
        /**
         * Not attached although it matters: a hook that was asked for, or the process hook that
         * every engine adds, without which {@link #consequence} holds.
         */
        public boolean missing(Set<Hook> requested) {
            return mode == null && (hook == Hook.PROCESS || requested.contains(hook));
        }

        /** What is lost while this hook is missing, for its line; "" for the packet hooks (their events). */
        public String consequence() {
            return hook == Hook.PROCESS ? ": a process's command line is not read anew after exec or pid reuse" : "";
        }

        /**
         * A hook's line after its name: "attached with tp_btf{@code whenAttached} (fentry: why)",
         * or "not attached (tracepoint: why)" and what is lost.
         */
        public String outcome(String whenAttached) {
            return (mode != null ? "attached with " + mode + whenAttached : "not attached")
                    + (failures.isEmpty() ? "" : " (" + describeFailures() + ")")
                    + (mode != null ? "" : consequence());
        }

        /** "fentry: why; kprobe: why", in the order the modes were tried; "" when none failed. */
        public String describeFailures() {
            return failures.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining("; "));
        }
    }

    /** Kernel-side counters of one hook, summed over CPUs. */
    public record Counters(long seen, long lost) {
    }

    private final BpfRuntime rt;
    private final Options options;
    /** Routed: mixed into socket ids (a client must not learn kernel addresses); 0 otherwise. */
    private final long sockKey;
    /** By object name, in attach order. */
    private final Map<String, BpfObject> objects = new LinkedHashMap<>();
    private final Map<Hook, HookState> states = new EnumMap<>(Hook.class);
    private SharedMaps shared;
    private final RingReader reader;
    private final ClientRings clientRings;
    private final Map<Hook, Counters> finalCounters = new EnumMap<>(Hook.class);
    private boolean closed;

    private Engine(BpfRuntime rt, Options options, Set<Hook> requested, RecordHandler handler) throws BpfException {
        this.rt = rt;
        this.options = options;
        // SecureRandom costs tens of milliseconds in a JVM that starts: only the daemon needs one
        this.sockKey = options.routed() ? new SecureRandom().nextLong() : 0;
        Set<Hook> hooks = new TreeSet<>(requested);
        hooks.add(Hook.PROCESS); // keeps command lines right across exec and pid reuse
        try (AttachSupport support = new AttachSupport(rt)) {
            attachAll(new ArrayList<>(byObject(hooks)), support);
            if (requested.stream().noneMatch(this::attached)) {
                throw new BpfException("no hook could be attached: " + describeFailures());
            }
            clientRings = options.routed() ? new ClientRings(rt, shared) : null;
            reader = RingReader.start(shared.fd(SharedMaps.RING), shared.ringSize(), handler, "netjfr-ring");
        } catch (BpfException | RuntimeException e) {
            objects.values().forEach(BpfObject::close);
            if (shared != null) {
                shared.close();
            }
            throw e;
        }
    }

    /**
     * Attaches the objects serving {@code groups} in order, once {@link AttachSupport} judged
     * every mode of every one: its parse of the kernel's BTF (~12 MB) is then freed before the
     * loads, each of which parses its own, so the two are not held at once (peak RSS). One
     * load at a time for the same reason: loading side by side would hold one parse per load.
     */
    private void attachAll(List<List<Hook>> groups, AttachSupport support) throws BpfException {
        List<BpfObject> opened = new ArrayList<>();
        try {
            for (List<Hook> group : groups) {
                BpfObject obj = BpfObject.open(rt, group.get(0), options.btfPath());
                opened.add(obj);
                for (AttachMode mode : modesToTry(group.get(0), options.forcedMode())) {
                    obj.sections(mode).forEach(support::rulesOut);
                }
            }
            support.close();
            for (int i = 0; i < groups.size(); i++) {
                attachGroup(groups.get(i), support, opened.get(i));
            }
        } catch (BpfException | RuntimeException e) {
            for (BpfObject obj : opened) {
                if (!objects.containsValue(obj)) {
                    obj.close(); // opened and kept by no hook (closing one twice is harmless)
                }
            }
            throw e;
        }
    }

    /**
     * Loads and attaches the object serving {@code group} in the best mode that works (first:
     * the object already opened for it, or null); records the outcome. Modes
     * {@link AttachSupport} rules out are tried last, only when no other works: each load runs
     * the verifier, the largest part of the start-up cost.
     */
    private void attachGroup(List<Hook> group, AttachSupport support, BpfObject first) throws BpfException {
        Hook hook = group.get(0);
        BpfObject next = first != null ? first : BpfObject.open(rt, hook, options.btfPath());
        List<AttachMode> modes = modesToTry(hook, options.forcedMode());
        Map<AttachMode, String> ruledOut = new LinkedHashMap<>();
        for (AttachMode mode : modes) {
            next.sections(mode).stream().map(support::rulesOut).filter(Objects::nonNull).findFirst()
                    .ifPresent(why -> ruledOut.put(mode, NOT_TRIED + why));
        }
        List<AttachMode> order = new ArrayList<>(modes);
        order.removeAll(ruledOut.keySet());
        order.addAll(ruledOut.keySet());
        Map<AttachMode, String> failures = new LinkedHashMap<>();
        AttachMode used = null;
        for (AttachMode mode : order) {
            BpfObject obj = next != null ? next : BpfObject.open(rt, hook, options.btfPath());
            next = null;
            try {
                obj.select(mode);
                if (shared != null) {
                    obj.reuse(shared);
                }
                obj.configure(KernelConfig.bytes(options.filter(), group, options.pidns(), options.routed(), sockKey));
                obj.load();
                obj.attach();
            } catch (BpfException e) {
                obj.close();
                failures.put(mode, e.getMessage());
                continue;
            }
            if (shared == null) {
                shared = new SharedMaps(rt, obj);
            } else {
                shared.adopt(obj);
            }
            objects.put(hook.objectName(), obj);
            used = mode;
            break;
        }
        if (next != null) {
            next.close();
        }
        Map<AttachMode, String> said = outcome(modes, used, failures, ruledOut);
        for (Hook h : group) {
            states.put(h, new HookState(h, used, said));
        }
    }

    /** In mode order: why each mode that was loaded failed, and why the modes better than {@code used} were not tried. */
    static Map<AttachMode, String> outcome(List<AttachMode> modes, AttachMode used,
            Map<AttachMode, String> failures, Map<AttachMode, String> ruledOut) {
        Map<AttachMode, String> said = new LinkedHashMap<>();
        for (AttachMode m : modes) {
            String why = failures.containsKey(m) ? failures.get(m)
                    : used == null || modes.indexOf(m) < modes.indexOf(used) ? ruledOut.get(m) : null;
            if (why != null) {
                said.put(m, why);
            }
        }
        return Collections.unmodifiableMap(said);
    }

    private boolean attached(Hook hook) {
        HookState s = states.get(hook);
        return s != null && s.mode() != null;
    }

    /**
     * Routed mode: attaches the objects serving {@code wanted} that are not attached, and
     * detaches those serving none of it (the process hook stays). An object serves all of
     * its hooks here (captures every kind); each client's settings say which it gets.
     */
    public synchronized void retain(Set<Hook> wanted) throws BpfException {
        if (closed) {
            return;
        }
        for (Hook h : Hook.values()) {
            String object = h.objectName();
            boolean want = h == Hook.PROCESS || wanted.stream().anyMatch(w -> w.objectName().equals(object));
            if (want && !objects.containsKey(object)) {
                try (AttachSupport support = new AttachSupport(rt)) {
                    attachGroup(Arrays.stream(Hook.values()).filter(x -> x.objectName().equals(object)).toList(),
                            support, null);
                }
            } else if (!want && objects.containsKey(object)) {
                objects.remove(object).close();
                for (Hook x : Hook.values()) {
                    if (x.objectName().equals(object)) {
                        states.remove(x);
                    }
                }
            }
        }
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

    /** Routed mode: the clients' rings and settings; null otherwise. */
    public ClientRings clientRings() {
        return clientRings;
    }

    /** Per hook, in hook order: the mode in use and the failures of better modes. */
    @Override
    public synchronized List<HookState> hooks() {
        return List.copyOf(states.values());
    }

    /** The libbpf version in use. */
    public String libbpfVersion() {
        return rt.version();
    }

    /**
     * Kernel-side counters of {@code hook}: events that passed the filter, and those lost to a
     * full ring. After {@link #close()}, their final values.
     */
    @Override
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

    /** See {@link RingReader#busyDrainPeriod}: the records' delay for fewer wake-ups. */
    public void busyDrainPeriod(long nanos) {
        reader.busyDrainPeriod(nanos);
    }

    /** Times the drain thread woke up: signalled by the kernel, timed while busy, or idle timeouts. */
    public long wakeups() {
        return reader.wakeups();
    }

    /** Of {@link #wakeups()}, those the kernel signalled (first record after the ring was empty). */
    public long signalledWakeups() {
        return reader.signalledWakeups();
    }

    /** Records handed to the handler so far. */
    public long records() {
        return reader.records();
    }

    /**
     * Direct mode: the settings map every object reads. Routed mode has each client's own
     * ({@link ClientRings#apply}); this does nothing there.
     */
    @Override
    public synchronized void apply(LiveSettings settings) {
        Integer fd = shared.fd(SharedMaps.SETTINGS);
        if (closed || options.routed() || fd == null) {
            return; // only the process hook is attached: nothing reads settings
        }
        try (Memory key = new Memory(4); Memory value = new Memory(LiveSettings.SIZE)) {
            key.setInt(0, 0);
            value.write(0, settings.bytes(), 0, LiveSettings.SIZE);
            int err = rt.lib.bpf_map_update_elem(fd, key, value, 0);
            if (err < 0) {
                throw new IllegalStateException("failed to update the settings map: " + BpfRuntime.strerror(-err));
            }
        }
    }

    @Override
    public synchronized List<byte[][]> summaryRows(String map, int keySize, int valueSize, int limit) {
        Integer fd = closed || !SharedMaps.SUMMARY_MAPS.contains(map) ? null : shared.fd(map);
        List<byte[][]> rows = new ArrayList<>();
        if (fd == null) {
            return rows;
        }
        try (Memory key = new Memory(keySize); Memory next = new Memory(keySize); Memory value = new Memory(valueSize)) {
            Memory at = null;
            while (rows.size() < limit && rt.lib.bpf_map_get_next_key(fd, at, next) == 0) {
                key.write(0, next.getByteArray(0, keySize), 0, keySize);
                at = key;
                if (rt.lib.bpf_map_lookup_elem(fd, key, value) == 0) {
                    rows.add(new byte[][] {key.getByteArray(0, keySize), value.getByteArray(0, valueSize)});
                }
            }
        }
        return rows;
    }

    @Override
    public int drainNow() {
        return reader.drainNow();
    }

    private String describeFailures() {
        StringBuilder sb = new StringBuilder();
        for (HookState s : states.values()) {
            s.failures().forEach((mode, why) -> sb.append(sb.length() == 0 ? "" : "; ")
                    .append(s.hook()).append(' ').append(mode).append(": ").append(why));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        reader.stop();
        synchronized (this) {
            if (closed) {
                return;
            }
            objects.values().forEach(BpfObject::close);
            objects.clear();
            reader.finish(); // what the kernel wrote before the detach
            for (HookState s : states.values()) {
                finalCounters.put(s.hook(), counters(s.hook()));
            }
            if (clientRings != null) {
                clientRings.close();
            }
            shared.close();
            closed = true;
        }
    }
}
