package io.netjfr.agent;

import io.netjfr.bpf.BpfException;
import io.netjfr.bpf.Engine;
import io.netjfr.bpf.Hook;
import io.netjfr.bpf.RecordSource;
import io.netjfr.daemon.DaemonClient;
import io.netjfr.event.ChunkEndFlushEvent;
import io.netjfr.event.CommandLines;
import io.netjfr.event.DataLossEvent;
import io.netjfr.event.HttpSummaryEvent;
import io.netjfr.event.IcmpSummaryEvent;
import io.netjfr.event.TlsSummaryEvent;
import io.netjfr.event.JfrEventWriter;
import io.netjfr.event.NetjfrEvents;
import io.netjfr.event.ProcessEvent;
import io.netjfr.event.StatisticsEvent;
import io.netjfr.record.HookStatistics;
import io.netjfr.record.LossTracker;
import io.netjfr.record.RecordDecoder;
import io.netjfr.settings.AgentSettings;
import io.netjfr.summary.HttpSummaries;
import io.netjfr.summary.IcmpSummaries;
import io.netjfr.summary.TlsSummaries;
import io.netjfr.threads.SenderThreads;
import io.netjfr.threads.ThreadTracking;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Follows this JVM's recordings: the hooks whose events some running recording enables
 * are attached, and nothing is attached while none does. A change of that set restarts
 * the engine with the new set. What the recordings' settings want goes to the kernel
 * through {@link AgentSettings}. With the agent option {@code async} the programs load on a
 * thread of their own ({@code netjfr-loader}): the recording's start (and so, for a recording
 * started with the JVM, {@code main}) does not wait for the verifier. Without it, a load for
 * the recordings the JVM starts with begins in {@code premain} ({@link #prestart}), so the
 * verifier runs while JFR initializes, and their start waits only for what is left of it.
 */
final class RecordingWatcher implements FlightRecorderListener {
    /**
     * JFR before JDK 21 writes a Thread field whose thread has ended as empty (measured: 17
     * empty, 25 named), so there a thread hands over the ring's records before it exits.
     */
    private static final boolean DRAIN_BEFORE_THREAD_EXIT = Runtime.version().feature() < 21;
    /** The recordings the JVM starts with start within its first second or so: a load begun for them and not taken by then is not theirs. */
    private static final long EARLY_LOAD_UNTAKEN_MILLIS = 30_000;

    private final AgentOptions options;
    private final Instrumentation inst;
    /** Thread tracking, once a first engine was asked for (null before); completes with null when this JVM cannot be followed. */
    private CompletableFuture<SenderThreads> senders;
    private volatile RecordSource source;
    private volatile RecordDecoder decoder;
    private volatile LossTracker losses;
    private Set<Hook> attached = EnumSet.noneOf(Hook.class);
    /** The hooks a background load is attaching (async), or null. */
    private Set<Hook> loading;
    /** The load {@link #prestart} began for the startup recordings, until a recording first wants hooks; or null. */
    private CompletableFuture<Prepared> early;
    private Set<Hook> earlyHooks;
    /** A recording wanted hooks: from then on loads follow the recordings only. */
    private boolean recordingsAsked;
    /** Counts {@link #stop()}s: a background load begun before the latest one is dropped when it ends. */
    private long generation;
    private String lastError;
    /** The lines of hooks that could not attach already said: each load would say them again. */
    private final Set<String> missingSaid = new HashSet<>();
    private final HttpSummaries summaries = new HttpSummaries();
    private final IcmpSummaries icmpSummaries = new IcmpSummaries();
    private final TlsSummaries tlsSummaries = new TlsSummaries();
    private final CommandLines commandLines = new CommandLines();

    RecordingWatcher(AgentOptions options, Instrumentation inst) {
        this.options = options;
        this.inst = inst;
    }

    AgentOptions options() {
        return options;
    }

    /** Does not initialize JFR: recorderInitialized runs when something else does. */
    void install() {
        FlightRecorder.addListener(this);
    }

    @Override
    public void recorderInitialized(FlightRecorder recorder) {
        NetjfrEvents.registerPacketEvents();
        FlightRecorder.addPeriodicEvent(StatisticsEvent.class, this::emitStatistics);
        FlightRecorder.addPeriodicEvent(DataLossEvent.class, this::emitLoss);
        FlightRecorder.addPeriodicEvent(ChunkEndFlushEvent.class, this::flush);
        FlightRecorder.addPeriodicEvent(HttpSummaryEvent.class, () -> summaries.emit(source));
        FlightRecorder.addPeriodicEvent(IcmpSummaryEvent.class, () -> icmpSummaries.emit(source));
        FlightRecorder.addPeriodicEvent(TlsSummaryEvent.class, tlsSummaries::emit);
        FlightRecorder.addPeriodicEvent(ProcessEvent.class, commandLines::emit);
        update();
    }

    @Override
    public void recordingStateChanged(Recording recording) {
        update();
    }

    private synchronized void update() {
        Set<Hook> wanted = wantedHooks();
        boolean loadedEarly = false;
        if (!wanted.isEmpty()) {
            recordingsAsked = true;
            if (early != null) {
                loadedEarly = takeEarly(wanted);
            }
        }
        if (!wanted.isEmpty() && options.systemScope() && !keptPrivate()) {
            wanted = EnumSet.noneOf(Hook.class); // other users' traffic only where they cannot read it
        }
        if (!loadedEarly && !wanted.equals(attached) && !wanted.equals(loading)) {
            stop();
            if (!wanted.isEmpty()) {
                Set<Hook> hooks = wanted;
                long asked = System.nanoTime();
                if (options.async()) {
                    loading = hooks;
                    long g = generation;
                    daemonThread("netjfr-loader", () -> start(hooks, g, asked));
                } else {
                    start(hooks, generation, asked);
                }
            }
        }
        AgentSettings.INSTANCE.follow(source);
    }

    /** What a load made ready for {@link #install}. */
    private record Prepared(RecordSource source, RecordDecoder decoder, SenderThreads threads) {
    }

    /**
     * premain: reads what the recordings the JVM starts with will want ({@link StartupRecordings})
     * and begins loading it ({@link #prestart}), on a thread of its own ({@code netjfr-startup}):
     * reading their settings files is not main's time either. Not with {@code async}, which
     * should not take the CPU from JFR's start, nor with scope=system, where other users'
     * traffic is decoded only once the recordings are private ({@link #keptPrivate}).
     */
    void loadAheadOfStartupRecordings() {
        if (options.async() || options.systemScope()) {
            return;
        }
        daemonThread("netjfr-startup", () -> {
            try {
                if (prestart(StartupRecordings.wantedHooks())) {
                    Thread.sleep(EARLY_LOAD_UNTAKEN_MILLIS);
                    dropEarly();
                }
            } catch (RuntimeException | InterruptedException e) {
                // only a head start: the recordings' own start loads what they want and says what fails
            }
        });
    }

    /**
     * Begins loading {@code hooks}, what the recordings the JVM starts with will want, on
     * {@code netjfr-loader} while JFR initializes. The first recording that wants hooks takes
     * it ({@link #takeEarly}). True when it began the load.
     */
    private synchronized boolean prestart(Set<Hook> hooks) {
        if (hooks.isEmpty() || recordingsAsked || early != null) {
            return false;
        }
        CompletableFuture<SenderThreads> tracking = senders();
        CompletableFuture<Prepared> prepared = new CompletableFuture<>();
        daemonThread("netjfr-loader", () -> {
            try {
                prepared.complete(prepare(hooks, tracking));
            } catch (Throwable e) { // whatever it is: the recording's start waits for this future
                prepared.completeExceptionally(e);
            }
        });
        early = prepared;
        earlyHooks = hooks;
        if (options.verbose()) {
            System.err.println("netjfr: loading " + hooks + " for the recordings the JVM starts with");
        }
        return true;
    }

    /**
     * The recordings want {@code wanted} now: the load begun in premain is installed when it
     * loads just that (waited for, as a synchronous start waits), else waited for and closed
     * before the wanted hooks load (two engines at once would record packets twice). The load
     * runs without this lock, so waiting here holding it cannot block it; JFR calls this holding
     * its recorder's lock, so the load must never call FlightRecorder or Recording (it would
     * wait for that lock, and the JVM's start for the load). True when it was the
     * wanted hooks' load, installed or failed: the same load again would make main wait for
     * the same failure (a later change of the recordings tries again).
     */
    private boolean takeEarly(Set<Hook> wanted) {
        CompletableFuture<Prepared> prepared = early;
        early = null;
        long asked = System.nanoTime();
        boolean same = wanted.equals(earlyHooks);
        try {
            Prepared p = prepared.join();
            if (same) {
                install(wanted, p, asked);
            } else {
                p.source().close();
            }
        } catch (CompletionException e) {
            if (same && !JvmExit.inProgress()) {
                Throwable cause = e.getCause();
                report("netjfr: disabled: " + (cause.getMessage() != null ? cause.getMessage() : cause));
            }
        }
        return same;
    }

    /**
     * Some seconds after {@link #prestart}: a load begun for recordings that never wanted it
     * (they did not start, or want nothing of netjfr after all) is closed; their start is long past.
     */
    private synchronized void dropEarly() {
        if (early != null) {
            early.thenAccept(p -> p.source().close());
            early = null;
        }
    }

    /** Loads {@code hooks} (or connects to the daemon for them): the source, its decoder and the thread tracking. */
    private Prepared prepare(Set<Hook> hooks, CompletableFuture<SenderThreads> tracking) throws BpfException {
        RecordDecoder d = new RecordDecoder(tlsSummaries.counting(new JfrEventWriter(tracking::join, commandLines)),
                options.payload());
        RecordSource opened = open(hooks, d);
        return new Prepared(opened, d, tracking.join());
    }

    private static void daemonThread(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    /** Hooks whose events a running recording enables (by the recording's own settings). */
    private static Set<Hook> wantedHooks() {
        Set<Hook> wanted = EnumSet.noneOf(Hook.class);
        for (Recording r : FlightRecorder.getFlightRecorder().getRecordings()) {
            if (r.getState() == RecordingState.RUNNING) {
                wanted.addAll(NetjfrEvents.hooksEnabledBy(r.getSettings()));
            }
        }
        return wanted;
    }

    /**
     * Attaches {@code hooks} and makes them the source, unless a {@link #stop()} came since
     * {@code g} (a background load that was overtaken). Loading holds no lock: recordings
     * can start and stop meanwhile.
     */
    private void start(Set<Hook> hooks, long g, long asked) {
        try {
            CompletableFuture<SenderThreads> tracking;
            synchronized (this) {
                tracking = senders();
            }
            Prepared p = prepare(hooks, tracking);
            synchronized (this) {
                if (g == generation) {
                    install(hooks, p, asked);
                    return;
                }
            }
            p.source().close(); // overtaken by a stop: not wanted any more
        } catch (BpfException | RuntimeException | LinkageError e) {
            synchronized (this) {
                if (g == generation) {
                    loading = null;
                }
            }
            if (!JvmExit.inProgress()) {
                report("netjfr: disabled: " + e.getMessage());
            }
        }
    }

    private void install(Set<Hook> hooks, Prepared p, long asked) {
        RecordSource opened = p.source();
        SenderThreads threads = p.threads();
        source = opened;
        loading = null;
        if (threads != null && DRAIN_BEFORE_THREAD_EXIT) {
            threads.beforeExit(() -> {
                // netjfr's own threads (netjfr-ring, ...) are joined by code that holds the source's lock
                if (!Thread.currentThread().getName().startsWith("netjfr-")) {
                    opened.drainNow();
                }
            });
        }
        decoder = p.decoder();
        losses = new LossTracker(); // a new source counts from 0
        attached = hooks;
        lastError = null;
        String after = String.format(" %.2f s after the recording asked", (System.nanoTime() - asked) / 1e9);
        for (Engine.HookState s : opened.hooks()) {
            String line = "netjfr: " + s.hook() + ": " + s.outcome(after);
            // a hook that no mode could attach loses events or context: said even when not verbose, once
            if (options.verbose() || s.missing(hooks) && missingSaid.add(line)) {
                System.err.println(line);
            }
        }
        AgentSettings.INSTANCE.follow(opened);
    }

    /**
     * scope=system: the recordings can be read by this JVM's user only (OwnerOnlyRecordings);
     * false, said once, when they cannot be made so.
     */
    private boolean keptPrivate() {
        try {
            OwnerOnlyRecordings.restrict();
            return true;
        } catch (IOException | RuntimeException e) {
            report("netjfr: disabled: scope=system records other users' traffic, and this JVM's recordings "
                    + "cannot be made private to its user (" + e.getMessage() + "); give the JVM a repository of "
                    + "its own: -XX:FlightRecorderOptions:repository=<directory of this user>");
            return false;
        }
    }

    /** A failure line, once per distinct failure, not once per recording. */
    private synchronized void report(String message) {
        if (!message.equals(lastError)) {
            System.err.println(message);
            lastError = message;
        }
    }

    /**
     * Thread tracking, installed with the first engine (nothing is instrumented before a
     * recording wants netjfr's events, or premain read that the recordings the JVM starts
     * with will: {@link #prestart}) and kept from then on; null when this JVM cannot be
     * followed, said once. It installs on a thread of its own ({@code netjfr-threads}) while
     * the programs load: a start waits for the longer of the two, not for both.
     */
    private CompletableFuture<SenderThreads> senders() {
        if (senders == null) {
            CompletableFuture<SenderThreads> tracking = new CompletableFuture<>();
            daemonThread("netjfr-threads", () -> {
                SenderThreads installed = null;
                try {
                    installed = ThreadTracking.install(inst);
                } catch (IllegalStateException | LinkageError e) {
                    if (!JvmExit.inProgress()) {
                        System.err.println("netjfr: Java threads are not named: " + e.getMessage());
                    }
                } finally {
                    tracking.complete(installed);
                }
            });
            senders = tracking;
        }
        return senders;
    }

    /** The kernel directly when this JVM may load BPF, else the node daemon. */
    private RecordSource open(Set<Hook> hooks, RecordDecoder d) throws BpfException {
        if (!options.useDaemon()) {
            return Engine.start(options.engineOptions(), hooks, d);
        }
        try {
            return DaemonClient.connect(options.daemonSocket(), options.systemScope(), hooks, d);
        } catch (IOException e) {
            throw new BpfException((options.daemon() != null ? e.getMessage()
                    : "loading eBPF programs needs root or CAP_BPF and CAP_PERFMON, and " + e.getMessage()
                    + " (start one: java -jar netjfr.jar daemon; see the README's 'Running without root')")
                    + "; tried again when the next recording starts");
        }
    }

    private void stop() {
        generation++;
        loading = null;
        SenderThreads threads = senders == null ? null : senders.getNow(null);
        if (threads != null) {
            threads.beforeExit(null);
        }
        RecordSource e = source;
        source = null;
        decoder = null;
        losses = null;
        attached = EnumSet.noneOf(Hook.class);
        if (e != null) {
            e.close();
        }
    }

    /** At every chunk end, the recording's last one included: what is in the ring, then the counters. */
    private void flush() {
        RecordSource e = source;
        if (e != null) {
            if (options.systemScope()) {
                keptPrivate(); // a new chunk, perhaps in a new repository (jcmd JFR.configure repositorypath=...)
            }
            e.drainNow();
            emitStatistics();
            emitLoss();
            // what was counted since the last period (60 s in the templates) belongs to this chunk too:
            // else a recording shorter than a period, or its last minute, would have no summaries
            summaries.emit(e);
            icmpSummaries.emit(e);
            tlsSummaries.emit();
        }
    }

    /** A netjfr.DataLoss per hook that lost events since the previous look. */
    private void emitLoss() {
        RecordSource e = source;
        RecordDecoder d = decoder;
        LossTracker l = losses;
        if (e == null || d == null || l == null) {
            return;
        }
        for (LossTracker.HookLoss loss : l.since(HookStatistics.of(e, d))) {
            DataLossEvent event = new DataLossEvent();
            event.hook = loss.hook();
            event.amount = loss.amount();
            event.total = loss.total();
            event.commit();
        }
    }

    private void emitStatistics() {
        RecordSource e = source;
        RecordDecoder d = decoder;
        if (e == null || d == null) {
            return;
        }
        for (HookStatistics s : HookStatistics.of(e, d)) {
            StatisticsEvent event = new StatisticsEvent();
            event.hook = s.hook();
            event.attachMode = s.attachMode();
            event.eventsSeen = s.seen();
            event.eventsDelivered = s.delivered();
            event.eventsLost = s.lost();
            event.commit();
        }
    }
}
