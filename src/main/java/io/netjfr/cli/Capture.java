package io.netjfr.cli;

import io.netjfr.bpf.BpfException;
import io.netjfr.bpf.Engine;
import io.netjfr.bpf.Hook;
import io.netjfr.bpf.LiveSettings;
import io.netjfr.record.HookStatistics;
import io.netjfr.record.LossTracker;
import io.netjfr.record.RecordDecoder;
import io.netjfr.record.RecordSink;
import io.netjfr.settings.LatencyFilter;

import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * What record and watch share: the engine feeding a sink through the decoder, running
 * until its duration ends or a signal arrives, then closed, which detaches the hooks and
 * drains everything the kernel recorded before. From construction to {@link #close()} a
 * signal stops the capture instead of the JVM: close once the output is complete. Lost
 * events are reported on stderr within a second of the loss, and per hook at the end.
 */
final class Capture implements AutoCloseable {
    /**
     * Under a flood the drain thread drains up to every 10 ms (when ~1000 records have come),
     * not every millisecond as in the agent: a file or a terminal needs no lower latency, and
     * a tenth of the wake-ups took 14 % off the drain thread's CPU per request under wrk
     * (docs/performance.md).
     */
    private static final long BUSY_DRAIN_NANOS = 10_000_000L;
    private final EngineOptions options;
    private final Set<Hook> hooks;
    private final LiveSettings settings;
    private final StopSignal stop;
    private final LossTracker losses = new LossTracker();
    private volatile Engine engine;
    private volatile RecordDecoder decoder;

    /** Validates the options; throws a usage error for contradicting ones. */
    Capture(EngineOptions options) {
        this.options = options;
        this.hooks = options.hooks();
        this.settings = options.liveSettings();
        this.stop = new StopSignal();
    }

    /**
     * Attaches the hooks; from now on {@code sink} gets events on the engine's drain thread.
     * Says so on stderr: a line for each hook that could not attach ("netjfr: not recording
     * tls (...)"), then "netjfr: recording icmp, http of every process to x.jfr; Ctrl-C to
     * stop" for {@code activity} "recording" and {@code details} " to x.jfr".
     */
    void start(RecordSink sink, String activity, String details) throws Failure {
        decoder = new RecordDecoder(LatencyFilter.of(sink, settings.responseThresholdNanos()));
        try {
            engine = Engine.start(options.engineOptions(), hooks, decoder);
        } catch (BpfException | RuntimeException e) {
            throw new Failure(e.getMessage(), e);
        }
        engine.busyDrainPeriod(BUSY_DRAIN_NANOS);
        try {
            engine.apply(settings);
        } catch (RuntimeException e) {
            engine.close();
            throw new Failure(e.getMessage(), e);
        }
        // verbose: every hook; else the process hook when missing (the packet hooks' line follows)
        engine.hooks().stream().filter(s -> options.load.verbose || (s.hook() == Hook.PROCESS && s.missing(hooks)))
                .forEach(s -> System.err.println("netjfr: " + s.hook() + ": " + s.outcome("")));
        unattached().forEach(h -> System.err.println("netjfr: not " + activity + " " + h));
        System.err.println("netjfr: " + activity + " " + describe() + details + "; Ctrl-C to stop");
    }

    /**
     * Runs until --duration has passed (default: until a signal) or until {@code failed}; then
     * closes the engine. Every second, a line on stderr when events were lost meanwhile.
     */
    void run(BooleanSupplier failed) throws InterruptedException {
        try {
            stop.await(options.duration, () -> {
                reportNewLoss();
                return failed.getAsBoolean();
            });
        } finally {
            engine.close();
        }
    }

    private void reportNewLoss() {
        List<HookStatistics> now = statistics();
        List<LossTracker.HookLoss> grown = losses.since(now);
        if (!grown.isEmpty()) {
            System.err.println(LossLines.progress(grown, LossLines.total(now)));
        }
    }

    /** After {@link #run}: prints what was lost per hook (also when nothing was) and returns the total. */
    long reportLoss() {
        List<HookStatistics> last = statistics();
        System.err.println(LossLines.summary(last));
        return LossLines.total(last);
    }

    /** The JVM's exit status if a signal stopped the capture (instead of 128 + the signal's number). */
    void exitStatusOnSignal(int status) {
        stop.exitStatus(status);
    }

    /** The hooks' numbers so far; after the engine closed, the final ones. Empty before start. */
    List<HookStatistics> statistics() {
        Engine e = engine;
        return e == null ? List.of() : HookStatistics.of(e, decoder);
    }

    /** "icmp, http of every process": the hooks that attached (those that did not have a line of their own). */
    private String describe() {
        Set<Hook> attached = engine.hooks().stream().filter(s -> s.mode() != null).map(Engine.HookState::hook)
                .collect(Collectors.toSet());
        return hooks.stream().filter(attached::contains).map(Hook::toString).collect(Collectors.joining(", "))
                + " of " + options.describeFilter();
    }

    /** Hooks that could not attach at all, with why: worth a warning when others did. */
    private List<String> unattached() {
        return engine.hooks().stream().filter(s -> s.mode() == null && hooks.contains(s.hook()))
                .map(s -> s.hook() + " (" + s.describeFailures() + ")").collect(Collectors.toList());
    }

    /** The output is complete: a pending signal may end the JVM now. */
    @Override
    public void close() {
        stop.close();
    }
}
